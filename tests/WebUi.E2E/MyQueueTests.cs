using Engine.Imaging;
using Microsoft.Playwright;

namespace WebUi.E2E;

/// <summary>"My queue": two tabs of one browser see the same list, cancel a queued job and interrupt the running one.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MyQueueTests
{
    private readonly BrowserFixture _fixture;

    public MyQueueTests(BrowserFixture fixture)
    {
        _fixture = fixture;
    }

    [SkippableFact]
    public async Task TwoTabs_QueueCancelAndInterrupt_UpdateBothLists()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        var file = Path.Combine(_fixture.Server.Root, "queue-init.png");
        await File.WriteAllBytesAsync(file, PngWriter.Encode(RgbImage.Filled(64, 64, 0, 0, 255), []));
        await using var context = await _fixture.NewContextAsync();

        // Tab 1: a txt2img job of 100 × 150 steps at 512² (interrupted below), so the next one has to wait.
        var txt2img = await AppPage.OpenAsync(context, "/txt2img");
        await txt2img.GetByLabel("Prompt", new PageGetByLabelOptions { Exact = true }).FillAsync("long job");
        await txt2img.GetByLabel("Sampling steps").FillAsync("150");
        await txt2img.GetByLabel("Batch count").FillAsync("100");
        await txt2img.Locator("#generate").ClickAsync();
        var rows = txt2img.Locator("#my-queue [data-testid=queue-row]");
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-state", "running");

        // Tab 2: an img2img job that waits behind it. The running job keeps the CPU busy, so this tab gets more time.
        var busy = new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 };
        var img2img = await AppPage.OpenAsync(context, "/img2img");
        await AppPage.ChooseFileAsync(img2img.Locator("input[type=file]"), file);
        await Assertions.Expect(img2img.Locator("#init-image-preview")).ToBeVisibleAsync(busy);
        await img2img.GetByLabel("Prompt", new PageGetByLabelOptions { Exact = true }).FillAsync("waiting job");
        await img2img.Locator("#generate").ClickAsync();
        await Assertions.Expect(img2img.Locator("#queue-position")).ToBeVisibleAsync(busy);
        await Assertions.Expect(img2img.Locator("#queue-position")).ToContainTextAsync("1");

        // Tab 1 hears of tab 2's job: running first, then the queued one with its place.
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(1)).ToHaveAttributeAsync("data-state", "queued");
        await Assertions.Expect(rows.Nth(1).Locator("[data-testid=queue-status]")).ToHaveTextAsync("Queue position: 1");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("waiting job");
        await Screenshots.SaveAsync(txt2img, "txt2img-my-queue", "desktop-en");

        await rows.Nth(1).Locator("[data-testid=queue-cancel]").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(img2img.Locator("#my-queue [data-testid=queue-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(img2img.Locator("#job-interrupted")).ToBeVisibleAsync();

        await rows.First.Locator("[data-testid=queue-interrupt]").ClickAsync();
        await Assertions.Expect(txt2img.Locator("#my-queue-empty")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
        await Assertions.Expect(txt2img.Locator("#job-interrupted")).ToBeVisibleAsync();
        await Assertions.Expect(img2img.Locator("#my-queue-empty")).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task OtherBrowser_JobsAreNotListed_AndThePhoneListFits()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        await using var mine = await _fixture.NewContextAsync();
        await using var theirs = await _fixture.NewContextAsync(390, 844);
        var their = await AppPage.OpenAsync(theirs, "/txt2img");
        await their.GetByLabel("Prompt", new PageGetByLabelOptions { Exact = true }).FillAsync("their job");
        await their.GetByLabel("Sampling steps").FillAsync("150");
        await their.GetByLabel("Batch count").FillAsync("100");
        await their.Locator("#generate").ClickAsync();
        await Assertions.Expect(their.Locator("#my-queue [data-testid=queue-row]")).ToHaveCountAsync(1);
        await Assertions.Expect(their.Locator("[data-testid=queue-interrupt]")).ToBeInViewportAsync();
        var overflow = await their.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"txt2img with a queued job scrolls sideways by {overflow}px on a phone");
        await Screenshots.SaveAsync(their, "txt2img-my-queue", "phone-en");

        var page = await AppPage.OpenAsync(mine, "/txt2img");

        await Assertions.Expect(page.Locator("#my-queue-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#my-queue [data-testid=queue-row]")).ToHaveCountAsync(0);
        await their.Locator("#interrupt").ClickAsync();
        await Assertions.Expect(their.Locator("#my-queue-empty")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
    }

}
