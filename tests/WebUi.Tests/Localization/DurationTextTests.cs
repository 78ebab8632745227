using WebUi.Localization;

namespace WebUi.Tests.Localization;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(59, "0:59")]
    [InlineData(61, "1:01")]
    [InlineData(3599, "59:59")]
    [InlineData(3600, "1:00:00")]
    [InlineData(30 * 3600 + 5 * 60 + 7, "30:05:07")]
    [InlineData(-5, "0:00")]
    public void Format_ShowsEveryHour(int seconds, string expected) =>
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromSeconds(seconds)));
}
