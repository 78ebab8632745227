using System.Globalization;
using Microsoft.Playwright;

namespace WebUi.E2E;

/// <summary>The gallery in a real browser: an image generated through txt2img is found, favourited, reused and deleted.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GalleryTests
{
    private readonly BrowserFixture _fixture;

    public GalleryTests(BrowserFixture fixture)
    {
        _fixture = fixture;
    }

    [SkippableFact]
    public async Task Gallery_GeneratedImage_IsFoundFavouritedReusedAndDeleted()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        var word = "gallerytest" + Guid.NewGuid().ToString("N")[..8];
        await using var context = await _fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await GenerateAsync(page, $"red circle, blue background, {word}");

        await OpenGalleryAsync(page);
        await page.Locator("#gallery-search").FillAsync(word);
        var cards = page.Locator("#gallery-grid .gallery-card");
        await Assertions.Expect(cards).ToHaveCountAsync(1);
        var thumb = await page.Locator("#gallery-grid img").First.GetAttributeAsync("src");
        Assert.Equal(200, (await page.APIRequest.GetAsync(thumb!)).Status);
        await Screenshots.SaveAsync(page, "gallery-grid", "desktop-en");

        // Detail: the full image and every parameter; favourite it there.
        await cards.First.Locator(".gallery-open").ClickAsync();
        await Assertions.Expect(page.Locator("#gallery-detail-infotext")).ToContainTextAsync(word);
        await Assertions.Expect(page.Locator("#gallery-detail-infotext")).ToContainTextAsync("Steps: 6");
        await Assertions.Expect(page.Locator("#gallery-detail-seed")).ToHaveTextAsync("4321");
        await Assertions.Expect(page.Locator("#gallery-detail-image")).ToBeVisibleAsync();
        await page.Locator("#gallery-detail-favourite").ClickAsync();
        await Assertions.Expect(page.Locator("#gallery-detail-favourite")).ToHaveAttributeAsync("aria-pressed", "true");
        await Screenshots.SaveAsync(page, "gallery-detail", "desktop-en");

        // Reuse parameters fills txt2img.
        await page.Locator("#gallery-detail-reuse").ClickAsync();
        await page.WaitForURLAsync("**/txt2img");
        await Assertions.Expect(page.GetByLabel("Prompt", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync($"red circle, blue background, {word}");
        await Assertions.Expect(page.GetByLabel("Seed", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("4321");

        // The favourite stuck: the favourites-only filter still finds it.
        await OpenGalleryAsync(page);
        await page.Locator("#gallery-search").FillAsync(word);
        await page.Locator("#gallery-favourites-only").CheckAsync();
        await Assertions.Expect(cards).ToHaveCountAsync(1);
        await Assertions.Expect(cards.First.Locator(".gallery-fav")).ToHaveAttributeAsync("aria-pressed", "true");

        // Delete (with confirmation) removes the card and the file.
        await cards.First.Locator(".gallery-open").ClickAsync();
        var fileUrl = await page.Locator("#gallery-detail-image").GetAttributeAsync("src");
        Assert.Equal(200, (await page.APIRequest.GetAsync(fileUrl!)).Status);
        await page.Locator("#gallery-detail-delete").ClickAsync();
        await page.Locator("#gallery-delete-yes").ClickAsync();
        await Assertions.Expect(cards).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#gallery-empty")).ToBeVisibleAsync();
        Assert.Equal(404, (await page.APIRequest.GetAsync(fileUrl!)).Status);
    }

    [SkippableFact]
    public async Task Gallery_PromptHistory_OneClickFillsTxt2Img()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        var word = "historytest" + Guid.NewGuid().ToString("N")[..8];
        await using var context = await _fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await GenerateAsync(page, $"green square, white background, {word}");

        await OpenGalleryAsync(page);
        await page.Locator("#prompt-history-search").FillAsync(word);
        var entry = page.Locator("#prompt-history-list .prompt-history-item").First;
        await Assertions.Expect(entry).ToContainTextAsync(word);
        await entry.ClickAsync();
        await page.WaitForURLAsync("**/txt2img");
        await Assertions.Expect(page.GetByLabel("Prompt", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync($"green square, white background, {word}");
    }

    [SkippableFact]
    public async Task Gallery_Phone_GridFitsAndDetailShowsActions()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        var word = "phonetest" + Guid.NewGuid().ToString("N")[..8];
        await using (var desktop = await _fixture.NewContextAsync())
        {
            await GenerateAsync(await desktop.NewPageAsync(), $"yellow triangle, black background, {word}");
        }

        await using var context = await _fixture.NewContextAsync(390, 844);
        var page = await context.NewPageAsync();
        await OpenGalleryAsync(page);
        await Assertions.Expect(page.Locator("#gallery-grid .gallery-card").First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "gallery-grid", "phone-en");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, string.Create(CultureInfo.InvariantCulture, $"the gallery scrolls sideways by {overflow}px on a phone"));

        await page.Locator("#gallery-search").FillAsync(word);
        await Assertions.Expect(page.Locator("#gallery-grid .gallery-card")).ToHaveCountAsync(1);
        await page.Locator("#gallery-grid .gallery-open").First.ClickAsync();
        await Assertions.Expect(page.Locator("#gallery-detail-infotext")).ToContainTextAsync(word);
        await page.Locator("#gallery-detail-reuse").ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(page.Locator("#gallery-detail-reuse")).ToBeInViewportAsync();
        await Screenshots.SaveAsync(page, "gallery-detail", "phone-en");
    }

    private static async Task GenerateAsync(IPage page, string prompt)
    {
        await AppPage.GoToAsync(page, "/txt2img");
        await page.GetByLabel("Prompt", new PageGetByLabelOptions { Exact = true }).FillAsync(prompt);
        await page.GetByLabel("Sampling steps").FillAsync("6");
        await page.GetByLabel("Seed", new PageGetByLabelOptions { Exact = true }).FillAsync("4321");
        await page.Locator("#generate").ClickAsync();
        await Assertions.Expect(page.Locator("#results .infotext").First)
            .ToContainTextAsync(prompt, new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
    }

    private static Task OpenGalleryAsync(IPage page) => AppPage.GoToAsync(page, "/gallery");
}
