using Engine.Tests.Support;
using Engine.Tests.Tokenization;
using Engine.TextEncoding;

namespace Engine.Tests.TextEncoding;

public sealed class PromptEncoderTests
{
    private const string A1111Text = "reference/tiny-sd2/a1111";

    [SkippableTheory]
    [InlineData("prompt", "cond.npy")]
    [InlineData("negative", "uncond.npy")]
    public void Encode_A1111RawHiddenStates_ApplyOriginalEmphasisLikeA1111(string key, string expectedFile)
    {
        // The raw text-encoder output A1111 saw, replayed, isolates the weighting from the ONNX model.
        var raw = NpyArray.Load(Fixtures.Path_(A1111Text, "text", key + "_raw.npy")).AsFloats();
        var expected = NpyArray.Load(Fixtures.Path_(A1111Text, "euler_eps", expectedFile)).AsFloats();
        var text = MetaText(key);
        var encoder = Sd2Encoder(new ReplayTextEncoder(raw, 32));

        var embedding = encoder.Encode(text);

        Assert.Equal(77, embedding.TokenCount);
        AssertClose(expected, embedding.HiddenStates, 1e-6);
    }

    [SkippableFact]
    public void Encode_IgnoreEmphasis_LeavesRawHiddenStates()
    {
        var raw = NpyArray.Load(Fixtures.Path_(A1111Text, "text", "prompt_raw.npy")).AsFloats();
        var encoder = Sd2Encoder(new ReplayTextEncoder(raw, 32));

        var embedding = encoder.Encode(MetaText("prompt"), EmphasisMode.Ignore);

        Assert.Equal(raw, embedding.HiddenStates);
    }

    [SkippableFact]
    public void Encode_NoNormEmphasis_MultipliesWithoutRestoringTheMean()
    {
        var raw = NpyArray.Load(Fixtures.Path_(A1111Text, "text", "prompt_raw.npy")).AsFloats();
        var encoder = Sd2Encoder(new ReplayTextEncoder(raw, 32));

        var embedding = encoder.Encode("1girl, (black hair:1.3)", EmphasisMode.NoNorm);

        // Token 4 ("black") carries weight 1.3, token 1 ("1") weight 1.
        Assert.Equal(raw[(4 * 32) + 5] * 1.3f, embedding.HiddenStates[(4 * 32) + 5], 6);
        Assert.Equal(raw[(1 * 32) + 5], embedding.HiddenStates[(1 * 32) + 5]);
    }

    [SkippableFact]
    public void Tokenize_NoneEmphasis_KeepsBracketsAsText()
    {
        var encoder = Sd2Encoder(new ConstantTextEncoder(4));

        var parsed = encoder.Tokenize("(red)", EmphasisMode.Original);
        var literal = encoder.Tokenize("(red)", EmphasisMode.None);

        Assert.Equal(1, parsed.TokenCount);
        Assert.True(literal.TokenCount > 1);
    }

    [SkippableFact]
    public void Encode_LongPrompt_ConcatenatesOneBlockOf77PerChunk()
    {
        var encoder = Sd2Encoder(new ConstantTextEncoder(4));
        var prompt = string.Join(", ", Enumerable.Range(0, 60).Select(i => "word" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var embedding = encoder.Encode(prompt);

        Assert.True(embedding.ChunkCount >= 2);
        Assert.Equal(embedding.ChunkCount * 77, embedding.TokenCount);
        Assert.Equal(embedding.TokenCount * 4, embedding.HiddenStates.Length);
    }

    [SkippableFact]
    public void EncodeSchedule_PromptEditing_SwitchesAfterEndStepAndEncodesEachTextOnce()
    {
        var textEncoder = new ConstantTextEncoder(4);
        var encoder = Sd2Encoder(textEncoder);

        var schedule = encoder.EncodeSchedule("a [b:3]", 10);

        Assert.Equal(2, schedule.Entries.Count);
        Assert.Equal("a ", schedule.Entries[0].Text);
        Assert.Same(schedule.Entries[0].Embedding, schedule.ForStep(0));
        Assert.Same(schedule.Entries[0].Embedding, schedule.ForStep(3));
        Assert.Same(schedule.Entries[1].Embedding, schedule.ForStep(4));
        Assert.Same(schedule.Entries[1].Embedding, schedule.ForStep(9));
        Assert.Equal(2, textEncoder.Calls);
    }

    [SkippableFact]
    public void EncodeSchedule_Alternation_ReusesTheTwoEncodings()
    {
        var textEncoder = new ConstantTextEncoder(4);
        var encoder = Sd2Encoder(textEncoder);

        var schedule = encoder.EncodeSchedule("[cat|dog]", 6);

        Assert.Equal(6, schedule.Entries.Count);
        Assert.Equal(2, textEncoder.Calls);
        // A1111 looks up step i (0-based) against end steps counted from 1, so steps 0 and 1 share the first text.
        Assert.Same(schedule.ForStep(0), schedule.ForStep(1));
        Assert.NotSame(schedule.ForStep(1), schedule.ForStep(2));
        Assert.Same(schedule.ForStep(1), schedule.ForStep(3));
    }

    private static PromptEncoder Sd2Encoder(ITextEncoder textEncoder) => new(new PromptChunker(ClipTokenizerFixture.Sd2()), textEncoder);

    private static string MetaText(string key)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Fixtures.Path_(A1111Text, "text", key + ".json")));
        return doc.RootElement.GetProperty("text").GetString()!;
    }

    internal static void AssertClose(float[] expected, float[] actual, double relativeTolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = expected.Max(v => Math.Abs(v));
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        Assert.True(worst <= relativeTolerance * scale, $"max |diff| {worst:G4} exceeds {relativeTolerance:G2} of max |x| {scale:G4}");
    }

    /// <summary>Returns recorded hidden states, whatever the ids.</summary>
    private sealed class ReplayTextEncoder(float[] states, int hiddenSize) : ITextEncoder
    {
        public int HiddenSize => hiddenSize;

        public float[] Encode(ReadOnlySpan<int> inputIds, int sequenceCount) => (float[])states.Clone();
    }

    /// <summary>Hidden state = 1 + id / 1000 in every column; counts its calls.</summary>
    private sealed class ConstantTextEncoder(int hiddenSize) : ITextEncoder
    {
        public int Calls { get; private set; }

        public int HiddenSize => hiddenSize;

        public float[] Encode(ReadOnlySpan<int> inputIds, int sequenceCount)
        {
            Calls++;
            var result = new float[inputIds.Length * hiddenSize];
            for (var i = 0; i < inputIds.Length; i++)
            {
                result.AsSpan(i * hiddenSize, hiddenSize).Fill(1 + (inputIds[i] / 1000f));
            }

            return result;
        }
    }
}
