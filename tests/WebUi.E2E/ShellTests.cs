using System.Text.RegularExpressions;
using Engine.Imaging;
using Microsoft.Playwright;

namespace WebUi.E2E;

[Collection(BrowserCollection.Name)]
public sealed partial class ShellTests
{
    private readonly BrowserFixture _fixture;

    public ShellTests(BrowserFixture fixture)
    {
        _fixture = fixture;
    }

    [SkippableFact]
    public async Task StatusPage_DemoModel_ShowsModelAndProvider()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        await using var context = await _fixture.NewContextAsync();
        var page = await AppPage.OpenAsync(context, "/");

        await Assertions.Expect(page.Locator("#models-table")).ToContainTextAsync("demo");
        await Assertions.Expect(page.Locator("#provider")).ToContainTextAsync(ProviderRegex());
        await Assertions.Expect(page.Locator("#demo-note")).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task FirstVisit_JapaneseBrowser_ShowsJapaneseLabels()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        await using var context = await _fixture.NewContextAsync(locale: "ja-JP");
        var page = await AppPage.OpenAsync(context, "/settings");

        await Assertions.Expect(page.Locator("#nav-menu")).ToContainTextAsync("PNG内の情報を表示");
        await Assertions.Expect(page.Locator("#settings-apply")).ToHaveTextAsync("設定を適用");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
    }

    [SkippableFact]
    public async Task LanguageSwitch_ToJapanese_SticksAfterReload()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        await using var context = await _fixture.NewContextAsync(locale: "en-US");
        var page = await AppPage.OpenAsync(context, "/pnginfo");
        await Assertions.Expect(page.Locator("#nav-menu")).ToContainTextAsync("Settings");

        await page.Locator("#language-menu button").First.ClickAsync();
        await page.Locator(".language-ja").ClickAsync();
        await page.WaitForURLAsync("**/pnginfo");
        await AppPage.WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator("#nav-menu")).ToContainTextAsync("設定");

        await page.ReloadAsync();
        await AppPage.WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator("#nav-menu")).ToContainTextAsync("設定");
        await Assertions.Expect(page.Locator("#png-drop-zone")).ToContainTextAsync("PNGをドロップ");
    }

    [SkippableFact]
    public async Task ThemeToggle_ToLight_SticksAfterReload()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        await using var context = await _fixture.NewContextAsync();
        var page = await AppPage.OpenAsync(context, "/");
        var darkBackground = await BodyBackgroundAsync(page);

        await page.Locator("#theme-toggle").ClickAsync();
        await page.WaitForURLAsync(new Regex("/$"));
        await AppPage.WaitInteractiveAsync(page);
        await page.ReloadAsync();
        await AppPage.WaitInteractiveAsync(page);

        Assert.NotEqual(darkBackground, await BodyBackgroundAsync(page));
        Assert.Contains(await context.CookiesAsync(), c => c.Name == "sdwebui-theme" && c.Value == "light");
    }

    [SkippableFact]
    public async Task PngInfo_PngWrittenByEngine_ShowsParametersAndSendsToTxt2Img()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        const string infotext = "red circle, blue background, 猫\nNegative prompt: green\nSteps: 12, Sampler: Euler a, Schedule type: Automatic, CFG scale: 7, Seed: 4242, Size: 64x64, Model: demo";
        var file = Path.Combine(_fixture.Server.Root, "engine.png");
        await File.WriteAllBytesAsync(file, PngWriter.Encode(RgbImage.Filled(64, 64, 30, 60, 200), [new("parameters", infotext)]));
        await using var context = await _fixture.NewContextAsync();
        var page = await AppPage.OpenAsync(context, "/pnginfo");

        await AppPage.ChooseFileAsync(page.Locator("input[type=file]"), file);

        await Assertions.Expect(page.Locator("#png-infotext")).ToHaveTextAsync(infotext);
        await Assertions.Expect(page.Locator("td[data-field='Seed']")).ToHaveTextAsync("4242");
        await Assertions.Expect(page.Locator("td[data-field='Size-2']")).ToHaveTextAsync("64");
        await Assertions.Expect(page.Locator("td[data-field='Prompt']")).ToHaveTextAsync("red circle, blue background, 猫");
        await Screenshots.SaveAsync(page, "pnginfo-loaded", "desktop");

        await page.Locator("#send-to-txt2img").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/txt2img$"));
        await Assertions.Expect(page.GetByLabel("Prompt", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("red circle, blue background, 猫");
        await Assertions.Expect(page.GetByLabel("Negative prompt")).ToHaveValueAsync("green");
        await Assertions.Expect(page.GetByLabel("Seed", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("4242");
        await Assertions.Expect(page.GetByLabel("Sampling steps")).ToHaveValueAsync("12");
    }

    [SkippableFact]
    public async Task PngInfo_NotAPng_SaysSo()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        var file = Path.Combine(_fixture.Server.Root, "notes.png");
        await File.WriteAllTextAsync(file, "not a png");
        await using var context = await _fixture.NewContextAsync();
        var page = await AppPage.OpenAsync(context, "/pnginfo");

        await AppPage.ChooseFileAsync(page.Locator("input[type=file]"), file);

        await Assertions.Expect(page.Locator("#png-message")).ToContainTextAsync("not a PNG");
    }

    [SkippableFact]
    public async Task Settings_InvalidPattern_ShowsMessageAndValidSaves()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        await using var context = await _fixture.NewContextAsync();
        var page = await AppPage.OpenAsync(context, "/settings");
        var pattern = page.Locator("#settings-file-name-pattern");

        await pattern.FillAsync("[seed]-[bogus]");
        await pattern.BlurAsync();
        await page.Locator("#settings-apply").ClickAsync();
        await Assertions.Expect(page.Locator("#settings-generation")).ToContainTextAsync("Unknown tag: [bogus]");

        await pattern.FillAsync("[number]-[seed]-[sampler]");
        await pattern.BlurAsync();
        await page.Locator("#settings-apply").ClickAsync();
        await Assertions.Expect(page.Locator("#settings-saved")).ToBeVisibleAsync();
        var json = await File.ReadAllTextAsync(Path.Combine(_fixture.Server.DataPath, "settings.json"));
        Assert.Contains("[number]-[seed]-[sampler]", json, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("/", "status")]
    [InlineData("/txt2img", "txt2img")]
    [InlineData("/img2img", "img2img")]
    [InlineData("/gallery", "gallery")]
    [InlineData("/pnginfo", "pnginfo")]
    [InlineData("/settings", "settings")]
    public async Task Page_DesktopAndPhone_FitsTheScreenAndIsScreenshotted(string path, string name)
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        foreach (var (label, width, height) in new[] { ("desktop", 1280, 800), ("phone", 390, 844) })
        {
            foreach (var locale in new[] { "en-US", "ja-JP" })
            {
                await using var context = await _fixture.NewContextAsync(width, height, locale);
                var page = await AppPage.OpenAsync(context, path);
                await Screenshots.SaveAsync(page, name, $"{label}-{locale[..2]}");

                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                Assert.True(overflow <= 0, $"{path} at {width}px scrolls sideways by {overflow}px");
                await Assertions.Expect(page.Locator("#theme-toggle")).ToBeInViewportAsync();
                await Assertions.Expect(page.Locator("#language-menu")).ToBeInViewportAsync();
                if (label == "phone")
                {
                    // The drawer is closed on a phone; the menu button opens it.
                    await Assertions.Expect(page.Locator("#nav-menu")).Not.ToBeInViewportAsync();
                    await OpenPhoneMenuAsync(page);
                }
            }
        }
    }

    /// <summary>
    /// Clicks the menu button until the drawer shows (three tries): right after the circuit starts, MudBlazor's first
    /// breakpoint report can close a drawer that a click has just opened.
    /// </summary>
    private static async Task OpenPhoneMenuAsync(IPage page)
    {
        var menu = page.Locator("#nav-menu");
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator("#menu-button").ClickAsync();
            try
            {
                await Assertions.Expect(menu).ToBeInViewportAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                // Closed again by the breakpoint report: click once more.
            }
        }
    }


    private static Task<string> BodyBackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

    [GeneratedRegex("CPU|CUDA")]
    private static partial Regex ProviderRegex();
}
