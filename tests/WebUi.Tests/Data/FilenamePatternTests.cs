using Engine.Pipelines;
using WebUi.Data;

namespace WebUi.Tests.Data;

public sealed class FilenamePatternTests
{
    private static readonly GenerationRequest s_request = new()
    {
        Prompt = "((masterpiece)), red circle, blue/background: 1girl",
        Steps = 20,
        CfgScale = 7,
        SamplerName = "DPM++ 2M",
        BatchSize = 2,
    };

    private static FilenameContext Context(int index = 0) => new(s_request, 1234, "demo", new DateTime(2025, 1, 31), index);

    [Theory]
    [InlineData("[seed]", "1234")]
    [InlineData("", "1234")]
    [InlineData("[seed]-[steps]-[cfg]-[sampler]", "1234-20-7.0-DPM++ 2M")]
    [InlineData("[model_name]_[date]_[batch_number]", "demo_2025-01-31_2")]
    [InlineData("[prompt_words]", "masterpiece red circle blue background 1girl")]
    [InlineData("[unknown]-[seed]", "[unknown]-1234")]
    public void Expand_Tags_GiveA1111Names(string pattern, string expected) =>
        Assert.Equal(expected, FilenamePattern.Expand(pattern, Context(1)));

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("..\\..\\windows")]
    [InlineData("a/b:c*d?e\"f<g>h|i\nj")]
    [InlineData("....")]
    public void Expand_HostilePattern_CannotLeaveTheFolder(string pattern)
    {
        var name = FilenamePattern.Expand(pattern, Context());

        Assert.DoesNotContain('/', name);
        Assert.DoesNotContain('\\', name);
        Assert.False(name.StartsWith('.'));
        Assert.Equal(name, Path.GetFileName(name));
        Assert.All(name, ch => Assert.False(char.IsControl(ch)));
    }

    [Fact]
    public void Sanitize_LongText_IsCapped() => Assert.Equal(FilenamePattern.MaxLength, FilenamePattern.Sanitize(new string('x', 500)).Length);
}
