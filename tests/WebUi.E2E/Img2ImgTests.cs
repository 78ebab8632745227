using Engine.Imaging;
using Microsoft.Playwright;

namespace WebUi.E2E;

/// <summary>img2img in a real browser against the real app on the demo model.</summary>
[Collection(BrowserCollection.Name)]
public sealed class Img2ImgTests
{
    private readonly BrowserFixture _fixture;

    public Img2ImgTests(BrowserFixture fixture)
    {
        _fixture = fixture;
    }

    [SkippableFact]
    public async Task Generate_BlueInitImage_ShowsTheSavedImageWithDenoisingStrength()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        var file = Path.Combine(_fixture.Server.Root, "blue.png");
        await File.WriteAllBytesAsync(file, PngWriter.Encode(RgbImage.Filled(64, 64, 0, 0, 255), []));
        await using var context = await _fixture.NewContextAsync();
        var page = await AppPage.OpenAsync(context, "/img2img");

        await AppPage.ChooseFileAsync(page.Locator("input[type=file]"), file);
        await Assertions.Expect(page.Locator("#init-image-preview")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#init-image-info")).ToContainTextAsync("64×64");
        await Assertions.Expect(page.GetByLabel("Width", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("64");
        await Assertions.Expect(page.GetByLabel("Height", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("64");

        await page.GetByLabel("Prompt", new PageGetByLabelOptions { Exact = true }).FillAsync("red circle");
        await page.GetByLabel("Sampling steps").FillAsync("12");
        await page.GetByLabel("Seed", new PageGetByLabelOptions { Exact = true }).FillAsync("1234");
        await Assertions.Expect(page.GetByRole(AriaRole.Spinbutton, new PageGetByRoleOptions { Name = "Denoising strength" })).ToHaveValueAsync("0.75");
        await page.Locator("#generate").ClickAsync();

        var infotext = page.Locator("#results .infotext").First;
        await Assertions.Expect(infotext).ToContainTextAsync("Denoising strength: 0.75", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
        await Assertions.Expect(infotext).ToContainTextAsync("red circle");
        await Assertions.Expect(infotext).ToContainTextAsync("Size: 64x64");
        var src = await page.Locator("#results img").First.GetAttributeAsync("src");
        var response = await page.APIRequest.GetAsync(src!);
        Assert.Equal(200, response.Status);
        Assert.Equal("image/png", response.Headers["content-type"]);
        Assert.True(Directory.EnumerateFiles(Path.Combine(_fixture.Server.DataPath, "outputs", "img2img-images"), "*.png", SearchOption.AllDirectories).Any());
        await Screenshots.SaveAsync(page, "img2img-result", "desktop-en");
    }

    [SkippableFact]
    public async Task Upload_TextFileNamedPng_ShowsTheErrorAndGenerateAsksForAnImage()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        var file = Path.Combine(_fixture.Server.Root, "notes-img2img.png");
        await File.WriteAllTextAsync(file, "red circle, blue background");
        await using var context = await _fixture.NewContextAsync();
        var page = await AppPage.OpenAsync(context, "/img2img");

        await AppPage.ChooseFileAsync(page.Locator("input[type=file]"), file);

        await Assertions.Expect(page.Locator("#upload-error")).ToContainTextAsync("Only PNG, JPEG and WebP");
        await Assertions.Expect(page.Locator("#init-image-preview")).ToHaveCountAsync(0);
        await page.Locator("#generate").ClickAsync();
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("Choose an image first.");
    }

    [SkippableFact]
    public async Task SendFromPngInfo_PngWithParameters_ArrivesWithItsImageAndDenoisingStrength()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        const string infotext = "red circle\nSteps: 12, Sampler: Euler a, CFG scale: 7, Seed: 99, Size: 64x64, Model: demo, Denoising strength: 0.5";
        var file = Path.Combine(_fixture.Server.Root, "img2img-send.png");
        await File.WriteAllBytesAsync(file, PngWriter.Encode(RgbImage.Filled(64, 64, 0, 0, 255), [new("parameters", infotext)]));
        await using var context = await _fixture.NewContextAsync();
        var page = await AppPage.OpenAsync(context, "/pnginfo");
        await AppPage.ChooseFileAsync(page.Locator("input[type=file]"), file);
        await Assertions.Expect(page.Locator("#png-infotext")).ToHaveTextAsync(infotext);

        await page.Locator("#send-to-img2img").ClickAsync();

        await Assertions.Expect(page.Locator("#init-image-preview")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Prompt", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("red circle");
        await Assertions.Expect(page.GetByRole(AriaRole.Spinbutton, new PageGetByRoleOptions { Name = "Denoising strength" })).ToHaveValueAsync("0.5");
        await Assertions.Expect(page.GetByLabel("Seed", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("99");
    }

    [SkippableFact]
    public async Task Page_WithImage_DesktopAndPhoneScreenshots()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        var file = Path.Combine(_fixture.Server.Root, "wide.png");
        await File.WriteAllBytesAsync(file, PngWriter.Encode(RgbImage.Filled(768, 512, 40, 120, 200), []));
        foreach (var (label, width, height, locale, widthLabel) in new[] { ("desktop-en", 1280, 800, "en-US", "Width"), ("phone-ja", 390, 844, "ja-JP", "幅") })
        {
            await using var context = await _fixture.NewContextAsync(width, height, locale);
            var page = await AppPage.OpenAsync(context, "/img2img");
            await AppPage.ChooseFileAsync(page.Locator("input[type=file]"), file);
            await Assertions.Expect(page.Locator("#init-image-preview")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByLabel(widthLabel, new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("768");

            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"img2img at {width}px scrolls sideways by {overflow}px");
            await Screenshots.SaveAsync(page, "img2img-image", label);
        }
    }
}
