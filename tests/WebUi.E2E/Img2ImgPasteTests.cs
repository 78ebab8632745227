using Engine.Imaging;
using Microsoft.Playwright;

namespace WebUi.E2E;

/// <summary>img2img's paste upload: a clipboard file reaches the same upload path as a chosen or dropped one.</summary>
[Collection(BrowserCollection.Name)]
public sealed class Img2ImgPasteTests
{
    // Dispatches the paste event a Ctrl+V with a copied file raises (headless Chromium has no clipboard to fill).
    private const string PasteScript = """
        ([base64, name, type, target]) => {
          const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], name, { type }));
          const element = target ? document.querySelector(target) : document.body;
          element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
        }
        """;

    private readonly BrowserFixture _fixture;

    public Img2ImgPasteTests(BrowserFixture fixture)
    {
        _fixture = fixture;
    }

    [SkippableFact]
    public async Task Paste_PngAnywhereOnThePage_BecomesTheInitImageAndSetsTheSize()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        await using var context = await _fixture.NewContextAsync();
        var page = await OpenAsync(context);

        await PasteAsync(page, PngWriter.Encode(RgbImage.Filled(96, 72, 200, 30, 30), []), "image.png", "image/png");

        await Assertions.Expect(page.Locator("#init-image-preview")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#init-image-info")).ToContainTextAsync("96×72");
        await Assertions.Expect(page.GetByLabel("Width", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("96");
        await Assertions.Expect(page.GetByLabel("Height", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("72");
    }

    [SkippableFact]
    public async Task Paste_TextFileIntoTheDropZone_IsRefusedLikeAnUpload()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        await using var context = await _fixture.NewContextAsync();
        var page = await OpenAsync(context);

        await PasteAsync(page, "red circle, blue background"u8.ToArray(), "notes.png", "image/png", "#init-image-drop-zone");

        await Assertions.Expect(page.Locator("#upload-error")).ToContainTextAsync("Only PNG, JPEG and WebP");
        await Assertions.Expect(page.Locator("#init-image-preview")).ToHaveCountAsync(0);
    }

    [SkippableFact]
    public async Task Paste_TextIntoThePrompt_IsLeftToTheBrowser()
    {
        Skip.If(_fixture.SkipReason is not null, _fixture.SkipReason);
        await using var context = await _fixture.NewContextAsync();
        var page = await OpenAsync(context);

        var taken = await page.EvaluateAsync<bool>("""
            () => {
              const transfer = new DataTransfer();
              transfer.setData('text/plain', 'red circle');
              const paste = new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true });
              document.querySelector('textarea#prompt').dispatchEvent(paste);
              return paste.defaultPrevented;
            }
            """);

        Assert.False(taken, "a text paste into the prompt was taken for an image upload");
        await Assertions.Expect(page.Locator("#upload-error")).ToHaveCountAsync(0);
    }

    private static Task PasteAsync(IPage page, byte[] bytes, string name, string type, string? target = null) =>
        page.EvaluateAsync(PasteScript, new object?[] { Convert.ToBase64String(bytes), name, type, target });

    private static async Task<IPage> OpenAsync(IBrowserContext context)
    {
        var page = await AppPage.OpenAsync(context, "/img2img");
        await page.Locator("body[data-img2img-paste=on]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await AppPage.WaitFileInputReadyAsync(page.Locator("input[type=file]"));
        return page;
    }
}
