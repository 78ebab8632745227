using Engine.TextEncoding;

namespace Engine.Tests.TextEncoding;

public sealed class PromptAttentionParserTests
{
    public static TheoryData<string, (string, double)[]> Vectors => new()
    {
        { "normal text", [("normal text", 1.0)] },
        { "an (important) word", [("an ", 1.0), ("important", 1.1), (" word", 1.0)] },
        { "(unbalanced", [("unbalanced", 1.1)] },
        { @"\(literal\]", [("(literal]", 1.0)] },
        { "(unnecessary)(parens)", [("unnecessaryparens", 1.1)] },
        {
            "a (((house:1.3)) [on] a (hill:0.5), sun, (((sky))).",
            [("a ", 1.0), ("house", 1.5730000000000004), (" ", 1.1), ("on", 1.0), (" a ", 1.1), ("hill", 0.55),
                (", sun, ", 1.1), ("sky", 1.4641000000000006), (".", 1.1)]
        },
        { "((word))", [("word", 1.2100000000000002)] },
        { "[[word]]", [("word", 0.8264462809917354)] },
        { "(word:1.3", [("word:1.3", 1.1)] },
        { "(abc:-1)", [("abc", -1.0)] },
        {
            "1girl, (masterpiece:1.2), best quality BREAK blue sky",
            [("1girl, ", 1.0), ("masterpiece", 1.2), (", best quality", 1.0), ("BREAK", -1.0), ("blue sky", 1.0)]
        },
        { "(a BREAK b)", [("a", 1.1), ("BREAK", -1.1), ("b", 1.1)] },
        { "", [("", 1.0)] },
        { @"a\b", [("ab", 1.0)] },
        { @"\\(x)", [(@"\", 1.0), ("x", 1.1)] },
        { "(a: 1.5 )", [("a", 1.5)] },
        { "1girl, (black hair:1.3), [red eyes], kimono", [("1girl, ", 1.0), ("black hair", 1.3), (", ", 1.0), ("red eyes", 0.9090909090909091), (", kimono", 1.0)] },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Parse_A1111Vectors_MatchesPythonResult(string prompt, (string, double)[] expected)
    {
        var parsed = PromptAttentionParser.Parse(prompt);

        Assert.Equal(expected.Select(e => new WeightedText(e.Item1, e.Item2)), parsed);
    }

    [Fact]
    public void Parse_BreakInsideBrackets_IsNotAChunkBreak()
    {
        var parsed = PromptAttentionParser.Parse("(a BREAK b)");

        Assert.DoesNotContain(parsed, p => p.IsBreak);
        Assert.True(PromptAttentionParser.Parse("a BREAK b")[1].IsBreak);
    }
}
