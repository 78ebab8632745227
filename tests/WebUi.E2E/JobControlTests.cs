using Microsoft.Playwright;

namespace WebUi.E2E;

/// <summary>
/// Interrupting a long job and queueing behind one, each on an app of its own so that a long job never holds up the
/// other tests. The long job is far longer than any test needs (see <see cref="Txt2ImgForm.LongJob"/>) and every step
/// waits on what the page shows, never on time.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JobControlTests
{
    private readonly BrowserFixture _fixture;

    public JobControlTests(BrowserFixture fixture)
    {
        _fixture = fixture;
    }

    [SkippableFact]
    public async Task Interrupt_LongJob_StopsWithThePartialImageSaved()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        await using var server = await AppServer.StartAsync();
        await using var context = await _fixture.NewContextAsync(server);
        var page = await Txt2ImgForm.OpenAsync(context);
        await ProgressRecorder.StartAsync(page);

        await Txt2ImgForm.GenerateAsync(page, "red circle, blue background, interrupted", Txt2ImgForm.LongJob);
        var steps = await ProgressRecorder.WaitForDistinctStepsAsync(page, 3);
        Assert.Equal(steps.Count, steps.Distinct().Count());
        await Assertions.Expect(page.Locator("#progress-bar")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "txt2img-progress", "desktop-en");
        await page.Locator("#interrupt").ClickAsync();

        await Assertions.Expect(page.Locator("#job-interrupted")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#generate")).ToBeEnabledAsync();
        var ids = await Txt2ImgForm.ResultIdsAsync(page);
        Assert.InRange(ids.Count, 1, Txt2ImgForm.LongJob.BatchCount - 1);
        await Assertions.Expect(page.Locator("#results .infotext").Last).ToContainTextAsync("Steps: 150");
        var file = await page.APIRequest.GetAsync($"gallery/file/{ids[^1]}");
        Assert.Equal(200, file.Status);
        Assert.Equal("image/png", file.Headers["content-type"]);
        var pngs = Directory.GetFiles(Path.Combine(server.DataPath, "outputs"), "*.png", SearchOption.AllDirectories);
        Assert.Equal(ids.Count, pngs.Length);
        await Screenshots.SaveAsync(page, "txt2img-interrupted", "desktop-en");
    }

    [SkippableFact]
    public async Task Queue_TwoBrowsers_SecondShowsItsPositionThenBothFinishInOrder()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        await using var server = await AppServer.StartAsync();
        await using var firstContext = await _fixture.NewContextAsync(server);
        await using var secondContext = await _fixture.NewContextAsync(server);
        var first = await Txt2ImgForm.OpenAsync(firstContext);
        var second = await Txt2ImgForm.OpenAsync(secondContext);
        await ProgressRecorder.StartAsync(first);

        await Txt2ImgForm.GenerateAsync(first, "red circle, blue background, first", Txt2ImgForm.LongJob);
        await ProgressRecorder.WaitForDistinctStepsAsync(first, 1);
        await Txt2ImgForm.GenerateAsync(second, "green square, white background, second", Txt2ImgForm.ShortJob);

        // The second browser waits behind the first, and says where.
        await Assertions.Expect(second.Locator("#queue-position")).ToHaveTextAsync("Queue position: 1");
        await Assertions.Expect(second.Locator("#progress-bar")).ToHaveCountAsync(0);
        await Assertions.Expect(first.Locator("#progress-bar")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(second, "txt2img-queued", "desktop-en");

        // The first ends (its owner interrupts it, keeping what exists); only then does the second run to its end.
        await first.Locator("#interrupt").ClickAsync();
        await Assertions.Expect(first.Locator("#job-interrupted")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 120_000 });
        await Txt2ImgForm.ExpectResultAsync(second, "green square, white background, second");
        await Assertions.Expect(second.Locator("#queue-position")).ToHaveCountAsync(0);
        await Assertions.Expect(second.Locator("#job-interrupted")).ToHaveCountAsync(0);

        var firstIds = await Txt2ImgForm.ResultIdsAsync(first);
        var secondIds = await Txt2ImgForm.ResultIdsAsync(second);
        Assert.NotEmpty(firstIds);
        Assert.Single(secondIds);
        Assert.True(firstIds.Max() < secondIds[0], $"the second job's image ({secondIds[0]}) was saved before the first's ({string.Join(", ", firstIds)})");
    }
}
