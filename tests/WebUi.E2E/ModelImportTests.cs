using Engine.Tests.Support;
using Microsoft.Playwright;

namespace WebUi.E2E;

/// <summary>
/// The Models page in a real browser: a copy of the tiny diffusers fixture in the app's models folder is imported,
/// followed to 100%, listed, chosen and used for txt2img.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ModelImportTests
{
    private const string ModelName = "tiny-e2e";

    // Every distinct percentage the progress text shows, recorded as the DOM changes (no polling, no sleeping).
    private const string RecordPercentages = """
        () => {
            window.__importPercents = [];
            const record = () => {
                const match = /(\d+)%/.exec(document.querySelector('#import-progress-text')?.textContent ?? '');
                if (match && !window.__importPercents.includes(match[1])) {
                    window.__importPercents.push(match[1]);
                }
            };
            new MutationObserver(record).observe(document.body, { childList: true, subtree: true, characterData: true });
        }
        """;

    private readonly BrowserFixture _fixture;

    public ModelImportTests(BrowserFixture fixture)
    {
        _fixture = fixture;
    }

    [SkippableFact]
    public async Task Import_TinyPipelineFromTheModelsFolder_ProgressesToDone_IsListed_AndGenerates()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        var root = AppServer.NewRoot();
        CopyFolder(Fixtures.Path_("tiny-sd2-diffusers"), Path.Combine(root, "models", "tiny-diffusers"));
        await using var server = await AppServer.StartInAsync(root);

        await using var context = await _fixture.NewContextAsync(server);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator(".app-interactive").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.Locator("#nav-menu").GetByText("Models", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#model-import")).ToBeVisibleAsync();
        await page.EvaluateAsync(RecordPercentages);

        await page.Locator("#import-source-select").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = "tiny-diffusers" }).ClickAsync();
        // The name follows the source; it is the source's own folder name, which is taken, so it is replaced.
        await Assertions.Expect(page.Locator("#import-name")).ToHaveValueAsync("tiny-diffusers");
        await page.Locator("#import-name").FillAsync(ModelName);
        await page.Locator("#import-start").ClickAsync();

        await Assertions.Expect(page.Locator("#import-succeeded")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#import-progress-text")).ToContainTextAsync("100%");
        var percents = await page.EvaluateAsync<string[]>("() => window.__importPercents");
        Assert.True(percents.Length >= 2 && percents[^1] == "100", $"progress seen: {string.Join(", ", percents)}");
        Assert.Equal(percents.Select(int.Parse).Order(), percents.Select(int.Parse));
        var row = page.Locator("#installed-models-table tr").Filter(new LocatorFilterOptions { Has = page.Locator($".model-{ModelName}") });
        await Assertions.Expect(row).ToContainTextAsync("Ready");
        await Assertions.Expect(row).ToContainTextAsync("MB");
        Assert.True(File.Exists(Path.Combine(server.ModelsPath, ModelName, "unet", "model.onnx")));
        Assert.Empty(Directory.EnumerateDirectories(server.ModelsPath, ".*"));

        await row.Locator(".use-model").ClickAsync();
        await Assertions.Expect(row.Locator(".model-in-use")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "models-import", "desktop-en");

        await page.Locator("#nav-menu").GetByText("txt2img", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await page.GetByLabel("Prompt", new PageGetByLabelOptions { Exact = true }).FillAsync("a tiny test");
        await page.GetByLabel("Sampling steps").FillAsync("3");
        await page.Locator("#generate").ClickAsync();
        var infotext = page.Locator("#results .infotext").First;
        await Assertions.Expect(infotext).ToContainTextAsync($"Model: {ModelName}", new LocatorAssertionsToContainTextOptions { Timeout = 120_000 });
        var src = await page.Locator("#results img").First.GetAttributeAsync("src");
        var image = await page.APIRequest.GetAsync(src!);
        Assert.Equal("image/png", image.Headers["content-type"]);

        // The same page on a phone in Japanese: the finished import and the new model, without sideways scrolling.
        await using var phone = await _fixture.NewContextAsync(server, 390, 844, "ja-JP");
        var phonePage = await phone.NewPageAsync();
        await phonePage.GotoAsync("/models");
        await phonePage.Locator(".app-interactive").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await Assertions.Expect(phonePage.Locator("#import-succeeded")).ToContainTextAsync("インポートしました");
        await Assertions.Expect(phonePage.Locator("#installed-models")).ToContainTextAsync("インストール済みのモデル");
        await Assertions.Expect(phonePage.Locator($".model-{ModelName}")).ToBeVisibleAsync();
        var overflow = await phonePage.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the Models page at 390px scrolls sideways by {overflow}px");
        await Screenshots.SaveAsync(phonePage, "models-import", "phone-ja");
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}
