using Engine.TextEncoding;

namespace Engine.Tests.TextEncoding;

public sealed class PromptScheduleParserTests
{
    public static TheoryData<string, (int, string)[]> DocstringVectors => new()
    {
        { "test", [(10, "test")] },
        { "a [b:3]", [(3, "a "), (10, "a b")] },
        { "a [b: 3]", [(3, "a "), (10, "a b")] },
        { "a [[[b]]:2]", [(2, "a "), (10, "a [[b]]")] },
        { "[(a:2):3]", [(3, ""), (10, "(a:2)")] },
        { "a [b : c : 1] d", [(1, "a b  d"), (10, "a  c  d")] },
        { "a[b:[c:d:2]:1]e", [(1, "abe"), (2, "ace"), (10, "ade")] },
        { "a [unbalanced", [(10, "a [unbalanced")] },
        { "a [b:.5] c", [(5, "a  c"), (10, "a b c")] },
        { "((a][:b:c [d:3]", [(3, "((a][:b:c "), (10, "((a][:b:c d")] },
        { "[a|(b:1.1)]", Alternating("a", "(b:1.1)") },
        { "[fe|]male", Alternating("female", "male") },
        { "[fe|||]male", Alternating("female", "male", "male", "male") },
        { "a [b::4] c", [(4, "a b c"), (10, "a  c")] },
        { "a | b [c:3]", [(10, "a | b [c:3]")] },
        { "a [b:c:20]", [(10, "a b")] },
        { "[a:b]", [(10, "[a:b]")] },
    };

    [Theory]
    [MemberData(nameof(DocstringVectors))]
    public void GetSchedule_A1111Vectors_MatchesPythonResult(string prompt, (int, string)[] expected)
    {
        var schedule = PromptScheduleParser.GetSchedule(prompt, 10);

        Assert.Equal(expected.Select(e => new ScheduledPrompt(e.Item1, e.Item2)), schedule);
    }

    [Theory]
    [InlineData("a [b:.5] c", new[] { 10 }, new[] { "a b c" })]
    [InlineData("a [b:1.5] c", new[] { 5, 10 }, new[] { "a  c", "a b c" })]
    [InlineData("a [b:15] c", new[] { 5, 10 }, new[] { "a  c", "a b c" })]
    public void GetSchedule_HiresPass_UsesOffsets(string prompt, int[] steps, string[] texts)
    {
        var schedule = PromptScheduleParser.GetSchedule(prompt, 10, hiresSteps: 10);

        Assert.Equal(steps.Zip(texts, (s, t) => new ScheduledPrompt(s, t)), schedule);
    }

    [Fact]
    public void GetSchedule_DeeplyNestedUnbalancedBrackets_IsFastAndLiteral()
    {
        var prompt = new string('(', 5000) + "x" + new string('[', 5000);

        var schedule = PromptScheduleParser.GetSchedule(prompt, 20);

        Assert.Equal([new ScheduledPrompt(20, prompt)], schedule);
    }

    private static (int, string)[] Alternating(params string[] texts) =>
        Enumerable.Range(1, 10).Select(step => (step, texts[(step - 1) % texts.Length])).ToArray();
}
