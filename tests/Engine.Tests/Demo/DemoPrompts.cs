using Engine.Demo;

namespace Engine.Tests.Demo;

/// <summary>Test-side tokenization for demo prompts made of whole vocabulary words and commas (not the real CLIP tokenizer).</summary>
internal static class DemoPrompts
{
    public static long[] Ids(string prompt, int length = 77)
    {
        var vocabulary = DemoVocabulary.Instance;
        var ids = new List<long> { vocabulary.BosId };
        foreach (var word in prompt.Replace(",", " , ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            ids.Add(word == "," ? vocabulary.IdOf(",</w>") : vocabulary.WordId(word));
        }

        ids.Add(vocabulary.EosId);
        while (ids.Count < length)
        {
            ids.Add(vocabulary.PadId);
        }

        return [.. ids];
    }

    public static float[] Noise(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 4) - 2);
        }

        return values;
    }
}
