using Bunit;
using Engine.Imaging;
using Engine.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using WebUi.Components.Pages;
using WebUi.Infotext;
using WebUi.Services;

namespace WebUi.Tests.Components;

/// <summary>The two pages put together from the shared components: what Generate queues, and what a reload finds.</summary>
public sealed class GenerationPagesTests : GenerationComponentTest
{
    [Fact]
    public async Task Txt2Img_Generate_QueuesTheFormAndListsTheJob()
    {
        var cut = Context.Render<Txt2Img>();
        cut.Find("textarea#prompt").Input("red circle");
        cut.Find("input#steps").Change("12");

        cut.Find("#generate").Click();

        var run = await Harness.Runner.NextAsync();
        Assert.Equal((GenerationMode.TextToImage, "red circle", 12), (run.Request.Mode, run.Request.Prompt, run.Request.Steps));
        cut.WaitForAssertion(() => Assert.Equal("running", cut.Find("[data-testid=queue-row]").GetAttribute("data-state")), TimeSpan.FromSeconds(10));
        Assert.True(cut.Find("#generate").HasAttribute("disabled"));
        run.Finish();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#results")), TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.False(cut.Find("#generate").HasAttribute("disabled")), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Txt2Img_Reload_FollowsThisBrowsersRunningJob()
    {
        Harness.Queue.Enqueue(Identity.Id, new GenerationRequest { Prompt = "started in another tab" });
        var run = await Harness.Runner.NextAsync();

        var cut = Context.Render<Txt2Img>();

        Assert.NotNull(cut.Find("#progress-text"));
        Assert.False(cut.Find("#interrupt").HasAttribute("disabled"));
        cut.Find("#interrupt").Click();
        Assert.True(run.Control.IsInterrupted);
        run.Finish();
    }

    [Fact]
    public void Img2Img_GenerateWithoutImage_AsksForOne()
    {
        var cut = Context.Render<Img2Img>();

        cut.Find("#generate").Click();

        Assert.Equal("Choose an image first.", cut.Find("#error").TextContent.Trim());
        Assert.Empty(Harness.Queue.Waiting);
    }

    [Fact]
    public async Task Img2Img_SentImageWithParameters_QueuesItWithItsSizeAndStrength()
    {
        var transfer = Context.Services.GetRequiredService<ParametersTransfer>();
        transfer.Send(
            TransferTarget.Img2Img,
            InfotextParser.Parse("blue\nSteps: 5, Seed: 7, Denoising strength: 0.4"),
            PngWriter.Encode(RgbImage.Filled(96, 64, 0, 0, 255), []));
        var cut = Context.Render<Img2Img>();
        Assert.Equal("96", cut.Find("input#width").GetAttribute("value"));

        cut.Find("#generate").Click();

        var run = await Harness.Runner.NextAsync();
        Assert.Equal(GenerationMode.ImageToImage, run.Request.Mode);
        Assert.Equal((96, 64, 96, 64), (run.Request.InitImage!.Width, run.Request.InitImage.Height, run.Request.Width, run.Request.Height));
        Assert.Equal((0.4, 5, 7L), (run.Request.DenoisingStrength, run.Request.Steps, run.Request.Seed));
        run.Finish();
    }
}
