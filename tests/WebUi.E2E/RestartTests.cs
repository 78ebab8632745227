using Microsoft.Playwright;

namespace WebUi.E2E;

/// <summary>
/// What survives the app's process: a restart keeps the gallery and the prompt history, and a kill in the middle of a
/// generation leaves no half-written image and no record without its file. Each test has an app of its own.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RestartTests
{
    private static readonly byte[] s_pngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // The IEND chunk every complete PNG ends with: zero length, type, CRC.
    private static readonly byte[] s_pngEnd = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    private readonly BrowserFixture _fixture;

    public RestartTests(BrowserFixture fixture)
    {
        _fixture = fixture;
    }

    [SkippableFact]
    public async Task Restart_AfterGenerating_GalleryAndPromptHistoryStillHaveTheImage()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        var word = "restarttest" + Guid.NewGuid().ToString("N")[..8];
        var prompt = $"red circle, blue background, {word}";
        await using var server = await AppServer.StartAsync();
        await using (var before = await _fixture.NewContextAsync(server))
        {
            var page = await Txt2ImgForm.OpenAsync(before);
            await Txt2ImgForm.GenerateAsync(page, prompt, Txt2ImgForm.ShortJob, seed: 2468);
            await Txt2ImgForm.ExpectResultAsync(page, prompt);
        }

        await server.RestartAsync();

        await using var after = await _fixture.NewContextAsync(server);
        var gallery = await OpenGalleryAsync(after);
        await gallery.Locator("#gallery-search").FillAsync(word);
        var cards = gallery.Locator("#gallery-grid .gallery-card");
        await Assertions.Expect(cards).ToHaveCountAsync(1);
        await cards.First.Locator(".gallery-open").ClickAsync();
        await Assertions.Expect(gallery.Locator("#gallery-detail-infotext")).ToContainTextAsync(prompt);
        await Assertions.Expect(gallery.Locator("#gallery-detail-infotext")).ToContainTextAsync("Steps: 6");
        await Assertions.Expect(gallery.Locator("#gallery-detail-seed")).ToHaveTextAsync("2468");
        await Assertions.Expect(gallery.Locator("#gallery-detail-image")).ToBeVisibleAsync();
        var file = await gallery.Locator("#gallery-detail-image").GetAttributeAsync("src");
        Assert.Equal(200, (await gallery.APIRequest.GetAsync(file!)).Status);

        var history = await OpenGalleryAsync(after);
        await history.Locator("#prompt-history-search").FillAsync(word);
        var entry = history.Locator("#prompt-history-list .prompt-history-item").First;
        await Assertions.Expect(entry).ToContainTextAsync(prompt);
        await entry.ClickAsync();
        await history.WaitForURLAsync("**/txt2img");
        await Assertions.Expect(history.GetByLabel("Prompt", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync(prompt);
    }

    [SkippableFact]
    public async Task Kill_DuringGeneration_LeavesNoPartialImageAndNoRecordWithoutItsFile()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        await using var server = await AppServer.StartAsync();
        await using (var before = await _fixture.NewContextAsync(server))
        {
            var page = await Txt2ImgForm.OpenAsync(before);
            await Txt2ImgForm.GenerateAsync(page, "green square, white background, kept", Txt2ImgForm.ShortJob);
            await Txt2ImgForm.ExpectResultAsync(page, "green square, white background, kept");

            await ProgressRecorder.StartAsync(page);
            await Txt2ImgForm.GenerateAsync(page, "red circle, blue background, killed", Txt2ImgForm.LongJob);
            await ProgressRecorder.WaitForDistinctStepsAsync(page, 2);
        }

        var outputs = Path.Combine(server.DataPath, "outputs");
        await server.KillAsync();

        // A kill that lands inside the writer, between its temporary file and the rename, leaves this behind; the
        // window is too short to hit on purpose, so the test puts such a file where the writer would have.
        var dayFolder = Directory.GetDirectories(Path.Combine(outputs, "txt2img-images")).Single();
        await File.WriteAllBytesAsync(Path.Combine(dayFolder, $".{Guid.NewGuid():N}.tmp"), s_pngSignature);
        await server.RestartAsync();

        Assert.Empty(Directory.GetFiles(outputs, "*.tmp", SearchOption.AllDirectories));
        var pngs = Directory.GetFiles(outputs, "*.png", SearchOption.AllDirectories);
        Assert.Single(pngs);
        Assert.All(pngs, AssertCompletePng);

        await using var after = await _fixture.NewContextAsync(server);
        var gallery = await OpenGalleryAsync(after);
        await Assertions.Expect(gallery.Locator("#gallery-count")).ToHaveTextAsync("Images: 1");
        var ids = await gallery.Locator("#gallery-grid .gallery-card").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.id)");
        Assert.Single(ids);
        foreach (var id in ids)
        {
            var file = await gallery.APIRequest.GetAsync($"gallery/file/{id}");
            Assert.Equal(200, file.Status);
            AssertCompletePng(await file.BodyAsync());
        }

        await gallery.Locator("#gallery-grid .gallery-open").First.ClickAsync();
        await Assertions.Expect(gallery.Locator("#gallery-detail-infotext")).ToContainTextAsync("green square, white background, kept");
    }

    private static void AssertCompletePng(string path) => AssertCompletePng(File.ReadAllBytes(path));

    private static void AssertCompletePng(byte[] png)
    {
        Assert.True(png.AsSpan().StartsWith(s_pngSignature), "not a PNG");
        Assert.True(png.AsSpan().EndsWith(s_pngEnd), "the PNG is cut short (no IEND chunk at its end)");
    }

    private static async Task<IPage> OpenGalleryAsync(IBrowserContext context)
    {
        return await AppPage.OpenAsync(context, "/gallery");
    }
}
