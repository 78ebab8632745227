using Engine.TextEncoding;

namespace Engine.Tests.TextEncoding;

public sealed class ComposablePromptSplitterTests
{
    public static TheoryData<string, (string, double)[]> Vectors => new()
    {
        { "a cat", [("a cat", 1.0)] },
        { "a cat AND a dog", [("a cat", 1.0), (" a dog", 1.0)] },
        { "a cat:1.5 AND a dog :0.5", [("a cat", 1.5), (" a dog", 0.5)] },
        { "a cat AND a dog: -2", [("a cat", 1.0), (" a dog", -2.0)] },
        { "SANDY and ANDROID", [("SANDY and ANDROID", 1.0)] },
        { "(x:1.2) AND y:.5", [("(x:1.2)", 1.0), (" y", 0.5)] },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Split_Prompt_GivesTextAndWeightParts(string prompt, (string, double)[] expected)
    {
        Assert.Equal(expected.Select(e => new WeightedText(e.Item1, e.Item2)), ComposablePromptSplitter.Split(prompt));
    }
}
