using Bunit;
using Microsoft.Extensions.DependencyInjection;
using WebUi.Components.Layout;

namespace WebUi.Tests.Components;

public sealed class MainLayoutTests : ShellComponentTest
{
    [Theory]
    [InlineData("en", "PNG Info", "Models", "Settings")]
    [InlineData("ja", "PNG内の情報を表示", "モデル", "設定")]
    public void NavMenu_ShowsLabelsInTheChosenLanguage(string language, string pngInfo, string models, string settings)
    {
        Preferences.Apply(language, isDarkMode: true);

        var cut = Context.Render<NavMenu>();

        var labels = cut.FindAll("a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Contains(pngInfo, labels);
        Assert.Contains(models, labels);
        Assert.Contains(settings, labels);
        Assert.Equal(7, labels.Count);
    }

    [Fact]
    public void ThemeToggle_Click_StoresTheOtherThemeAndReturnsHere()
    {
        var navigation = Context.Services.GetRequiredService<Bunit.TestDoubles.BunitNavigationManager>();
        navigation.NavigateTo("/pnginfo");
        var cut = Context.Render<MainLayout>();

        cut.Find("#theme-toggle").Click();

        Assert.EndsWith("/ui/preferences?theme=light&returnUrl=%2Fpnginfo", navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void AppBar_WithoutLogins_ShowsNoLogout()
    {
        var cut = Context.Render<MainLayout>();

        Assert.Empty(cut.FindAll("#logout-form"));
    }
}
