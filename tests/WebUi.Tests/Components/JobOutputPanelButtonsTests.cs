using Bunit;
using Engine.Imaging;
using Engine.Pipelines;
using Engine.Schedulers;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using WebUi.Components.Pages;
using WebUi.Data;
using WebUi.Infotext;
using WebUi.Services;

namespace WebUi.Tests.Components;

/// <summary>The buttons under each result image: reuse all parameters, send to img2img, open in the gallery.</summary>
public sealed class JobOutputPanelButtonsTests : GenerationComponentTest
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private const string RelativePath = "outputs/txt2img-images/2025-01-31/00001-4242.png";

    private const string Infotext =
        "red circle, blue background\nNegative prompt: green\n"
        + "Steps: 9, Sampler: Euler a, Schedule type: Karras, CFG scale: 5.5, Seed: 4242, Size: 576x640, Model: demo, Denoising strength: 0.35";

    [Fact]
    public async Task Txt2Img_ReuseAllParameters_NextGenerateUsesTheImagesParametersAndSeed()
    {
        var cut = await RenderWithFinishedJobAsync<Txt2Img>(GenerationMode.TextToImage, SaveImage());

        await cut.Find("[data-testid=result-reuse-parameters]").ClickAsync(new MouseEventArgs());
        cut.Find("#generate").Click();

        var run = await Harness.Runner.NextAsync();
        var r = run.Request;
        Assert.Equal(("red circle, blue background", "green"), (r.Prompt, r.NegativePrompt));
        Assert.Equal((9, 5.5, 4242L, 576, 640), (r.Steps, r.CfgScale, r.Seed, r.Width, r.Height));
        Assert.Equal(("Euler a", ScheduleType.Karras), (r.SamplerName, r.ScheduleType));
        run.Finish();
    }

    [Fact]
    public async Task Img2Img_ReuseAllParameters_FillsTheFormAndTheDenoisingStrength()
    {
        var cut = await RenderWithFinishedJobAsync<Img2Img>(GenerationMode.ImageToImage, SaveImage());
        Assert.NotEqual("4242", cut.Find("input#seed").GetAttribute("value"));

        await cut.Find("[data-testid=result-reuse-parameters]").ClickAsync(new MouseEventArgs());

        Assert.Equal("4242", cut.Find("input#seed").GetAttribute("value"));
        Assert.Equal("9", cut.Find("input#steps").GetAttribute("value"));
        Assert.Equal("576", cut.Find("input#width").GetAttribute("value"));
        Assert.Equal("0.35", cut.Find("input#denoising-strength").GetAttribute("value"));
    }

    [Fact]
    public async Task SendToImg2Img_SavedImage_HandsItsPngAndParametersToImg2Img()
    {
        var saved = SaveImage();
        var cut = await RenderWithFinishedJobAsync<Txt2Img>(GenerationMode.TextToImage, saved);

        await cut.Find("[data-testid=result-send-to-img2img]").ClickAsync(new MouseEventArgs());

        var transfer = Context.Services.GetRequiredService<ParametersTransfer>();
        Assert.True(transfer.TryTake(TransferTarget.Img2Img, out var parameters, out var image));
        Assert.Equal(("red circle, blue background", 4242L, 0.35), (parameters.Prompt, parameters.Seed, parameters.DenoisingStrength));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Store.DataPath, RelativePath)), image);
        Assert.EndsWith("/img2img", Context.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendToImg2Img_FileDeletedMeanwhile_SaysSoAndStaysOnThePage()
    {
        var saved = SaveImage();
        var cut = await RenderWithFinishedJobAsync<Txt2Img>(GenerationMode.TextToImage, saved);
        File.Delete(Path.Combine(Store.DataPath, RelativePath));

        await cut.Find("[data-testid=result-send-to-img2img]").ClickAsync(new MouseEventArgs());

        Assert.Equal("The image is no longer in the gallery.", cut.Find("[data-testid=result-error]").TextContent.Trim());
        Assert.False(Context.Services.GetRequiredService<ParametersTransfer>().TryTake(TransferTarget.Img2Img, out _, out _));
        Assert.EndsWith("/", Context.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenInGallery_LinksToTheRecordsDetail()
    {
        var saved = SaveImage();
        var cut = await RenderWithFinishedJobAsync<Txt2Img>(GenerationMode.TextToImage, saved);

        var link = cut.Find("[data-testid=result-open-in-gallery]");

        Assert.Equal("A", link.TagName);
        Assert.Equal($"gallery?id={saved.GalleryId}", link.GetAttribute("href"));
        Assert.Equal(saved.GalleryId.ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("[data-testid=result-card]").GetAttribute("data-gallery-id"));
    }

    /// <summary>A PNG with <see cref="Infotext"/> in the output folder and its gallery record, as the saver leaves them.</summary>
    private SavedImage SaveImage()
    {
        var path = Path.Combine(Store.DataPath, RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, PngWriter.Encode(RgbImage.Filled(48, 32, 255, 0, 0), [new("parameters", Infotext)]));
        var id = Store.Add(new GalleryItem { Prompt = "red circle, blue background", Infotext = Infotext, RelativePath = RelativePath, Seed = 4242 });
        return new SavedImage(id, RelativePath, 4242, Infotext);
    }

    /// <summary>The page following this browser's job, which ends having saved <paramref name="image"/>.</summary>
    private async Task<IRenderedComponent<TPage>> RenderWithFinishedJobAsync<TPage>(GenerationMode mode, SavedImage image)
        where TPage : IComponent
    {
        Harness.Sink.Returns = [image];
        Harness.Queue.Enqueue(Identity.Id, new GenerationRequest { Mode = mode, Prompt = "first" });
        var run = await Harness.Runner.NextAsync();
        var cut = Context.Render<TPage>();
        run.Finish();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=result-card]")), s_timeout);
        cut.WaitForAssertion(() => Assert.False(cut.Find("#generate").HasAttribute("disabled")), s_timeout);
        return cut;
    }
}
