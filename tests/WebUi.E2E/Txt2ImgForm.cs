using System.Globalization;
using Microsoft.Playwright;

namespace WebUi.E2E;

/// <summary>Drives the txt2img page through its labels and ids, as a person would.</summary>
internal static class Txt2ImgForm
{
    /// <summary>
    /// The longest job the form allows on the demo model: 150 steps at 1024×1024, 100 batches. Even a fast GPU needs
    /// far longer for it than a test needs to act on it, so tests that interrupt or queue behind it never race its end.
    /// </summary>
    public static readonly Txt2ImgJob LongJob = new(Steps: 150, Width: 1024, Height: 1024, BatchCount: 100);

    /// <summary>A job of a few steps at 512×512.</summary>
    public static readonly Txt2ImgJob ShortJob = new(Steps: 6, Width: 512, Height: 512, BatchCount: 1);

    public static Task<IPage> OpenAsync(IBrowserContext context) => AppPage.OpenAsync(context, "/txt2img");

    /// <summary>Fills the form with <paramref name="prompt"/>, <paramref name="job"/>'s numbers and a fixed seed, then clicks Generate.</summary>
    public static async Task GenerateAsync(IPage page, string prompt, Txt2ImgJob job, long seed = 4321)
    {
        await page.GetByLabel("Prompt", new PageGetByLabelOptions { Exact = true }).FillAsync(prompt);
        await page.GetByLabel("Sampling steps").FillAsync(Text(job.Steps));
        await page.GetByLabel("Width", new PageGetByLabelOptions { Exact = true }).FillAsync(Text(job.Width));
        await page.GetByLabel("Height", new PageGetByLabelOptions { Exact = true }).FillAsync(Text(job.Height));
        await page.GetByLabel("Batch count").FillAsync(Text(job.BatchCount));
        await page.GetByLabel("Seed", new PageGetByLabelOptions { Exact = true }).FillAsync(Text(seed));
        await page.Locator("#generate").ClickAsync();
    }

    /// <summary>Waits until the first result of the job shows <paramref name="prompt"/> in its infotext.</summary>
    public static Task ExpectResultAsync(IPage page, string prompt) =>
        Assertions.Expect(page.Locator("#results .infotext").First)
            .ToContainTextAsync(prompt, new LocatorAssertionsToContainTextOptions { Timeout = 120_000 });

    /// <summary>The gallery ids of the images shown in the results panel, in order.</summary>
    public static async Task<IReadOnlyList<int>> ResultIdsAsync(IPage page)
    {
        var sources = await page.Locator("#results img.result-image").EvaluateAllAsync<string[]>("images => images.map(i => i.getAttribute('src'))");
        return [.. sources.Select(s => int.Parse(s["gallery/file/".Length..], CultureInfo.InvariantCulture))];
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
