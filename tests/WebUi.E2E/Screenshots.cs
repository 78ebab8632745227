using Microsoft.Playwright;

namespace WebUi.E2E;

/// <summary>Full-page screenshots under <see cref="BrowserFixture.ScreenshotDirectory"/>, named page-variant.png.</summary>
internal static class Screenshots
{
    public static Task SaveAsync(IPage page, string name, string variant) =>
        page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"{name}-{variant}.png"),
            FullPage = true,
        });
}
