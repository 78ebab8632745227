using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace WebUi.E2E;

/// <summary>txt2img in a real browser against the real app on the demo model.</summary>
[Collection(BrowserCollection.Name)]
public sealed class Txt2ImgTests
{
    private readonly BrowserFixture _fixture;

    public Txt2ImgTests(BrowserFixture fixture)
    {
        _fixture = fixture;
    }

    [SkippableFact]
    public async Task Generate_DemoPrompt_ShowsTheSavedImage_SendsItToImg2ImgAndOpensTheResultInTheGallery()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        await using var context = await _fixture.NewContextAsync();
        var page = await Txt2ImgForm.OpenAsync(context);

        await page.GetByLabel("Prompt", new PageGetByLabelOptions { Exact = true }).FillAsync("red circle, blue background");
        await page.GetByLabel("Sampling steps").FillAsync("12");
        await page.GetByLabel("Seed", new PageGetByLabelOptions { Exact = true }).FillAsync("1234");
        await page.Locator("#generate").ClickAsync();

        var infotext = page.Locator("#results .infotext").First;
        await Assertions.Expect(infotext).ToContainTextAsync("red circle, blue background", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
        await Assertions.Expect(infotext).ToContainTextAsync("Steps: 12");
        await Assertions.Expect(infotext).ToContainTextAsync("Seed: 1234");
        var src = await page.Locator("#results img").First.GetAttributeAsync("src");
        Assert.StartsWith("gallery/file/", src, StringComparison.Ordinal);
        var response = await page.APIRequest.GetAsync(src!);
        Assert.Equal(200, response.Status);
        Assert.Equal("image/png", response.Headers["content-type"]);
        Assert.True(Directory.EnumerateFiles(Path.Combine(_fixture.Server.DataPath, "outputs"), "*.png", SearchOption.AllDirectories).Any());
        await Screenshots.SaveAsync(page, "txt2img-result", "desktop-en");

        // Send to img2img: the image and its parameters arrive on the img2img page.
        await page.Locator("[data-testid=result-send-to-img2img]").First.ClickAsync();
        // The circuit navigates in the page (no load event to wait for), so the address is polled.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/img2img$"));
        await Assertions.Expect(page.Locator("#init-image-preview")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Prompt", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("red circle, blue background");
        await Assertions.Expect(page.GetByLabel("Seed", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("1234");

        // Generate there, then "Open in gallery" opens the img2img image's record.
        await page.Locator("#generate").ClickAsync();
        var card = page.Locator("[data-testid=result-card]").First;
        await Assertions.Expect(card.Locator("[data-testid=result-infotext]")).ToContainTextAsync("Denoising strength", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
        var galleryId = await card.GetAttributeAsync("data-gallery-id");
        await card.Locator("[data-testid=result-open-in-gallery]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/gallery\\?id={galleryId}$"));
        await Assertions.Expect(page.Locator("#gallery-detail-infotext")).ToContainTextAsync("red circle, blue background");
        await Assertions.Expect(page.Locator("#gallery-detail-infotext")).ToContainTextAsync("Denoising strength");
        await Assertions.Expect(page.Locator("#gallery-detail-image")).ToHaveAttributeAsync("src", $"gallery/file/{galleryId}");
    }

    [SkippableFact]
    public async Task Generate_PhoneInJapanese_ResultAndItsButtonsFitTheScreen()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        await using var context = await _fixture.NewContextAsync(390, 844, "ja-JP");
        var page = await Txt2ImgForm.OpenAsync(context);

        await page.GetByLabel("プロンプト", new PageGetByLabelOptions { Exact = true }).FillAsync("赤い円, red circle, blue background");
        await page.GetByLabel("サンプリングステップ数").FillAsync("6");
        await page.Locator("#generate").ClickAsync();

        var card = page.Locator("[data-testid=result-card]").First;
        await Assertions.Expect(card.Locator("[data-testid=result-infotext]")).ToContainTextAsync("赤い円", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
        await Assertions.Expect(card.Locator("[data-testid=result-send-to-img2img]")).ToHaveAttributeAsync("title", "img2imgに転送");
        await card.Locator("[data-testid=result-download]").ScrollIntoViewIfNeededAsync();
        foreach (var button in new[] { "result-reuse-seed", "result-reuse-parameters", "result-send-to-img2img", "result-open-in-gallery", "result-download" })
        {
            await Assertions.Expect(card.Locator($"[data-testid={button}]")).ToBeInViewportAsync();
        }

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"txt2img with a result at 390px scrolls sideways by {overflow}px");
        await Screenshots.SaveAsync(page, "txt2img-result", "phone-ja");
    }
}
