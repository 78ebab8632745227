using Engine.Models;
using Engine.Pipelines;
using Engine.Schedulers;
using WebUi.Components.Shared;
using WebUi.Infotext;

namespace WebUi.Tests.Components;

public sealed class GenerationFormModelTests
{
    [Fact]
    public void Apply_InfotextWithLegacySamplerName_SplitsTheScheduleAndKeepsMissingFields()
    {
        var form = new GenerationFormModel { CfgScale = 9, BatchCount = 3 };

        form.Apply(InfotextParser.Parse("red circle\nNegative prompt: green\nSteps: 12, Sampler: Euler Karras, Seed: 99, Size: 768x512"));

        Assert.Equal(("red circle", "green"), (form.Prompt, form.NegativePrompt));
        Assert.Equal(("Euler", ScheduleType.Karras), (form.Sampler, form.ScheduleType));
        Assert.Equal((12, 99L, 768, 512), (form.Steps, form.Seed, form.Width, form.Height));
        Assert.Equal((9.0, 3), (form.CfgScale, form.BatchCount));
    }

    [Fact]
    public void ToRequest_EveryField_IsCopiedWithTheModeAndPreviewInterval()
    {
        var form = new GenerationFormModel
        {
            Prompt = "p", NegativePrompt = "n", Sampler = "Euler", ScheduleType = ScheduleType.Exponential, Steps = 7, CfgScale = 4.5,
            Width = 640, Height = 384, Seed = 5, Subseed = 6, SubseedStrength = 0.25, SeedResizeFromWidth = 320, SeedResizeFromHeight = 192,
            BatchCount = 2, BatchSize = 3,
        };

        var request = form.ToRequest(GenerationMode.ImageToImage, previewInterval: 4);

        Assert.Equal(
            new GenerationRequest
            {
                Mode = GenerationMode.ImageToImage, Prompt = "p", NegativePrompt = "n", SamplerName = "Euler", ScheduleType = ScheduleType.Exponential,
                Steps = 7, CfgScale = 4.5, Width = 640, Height = 384, Seed = 5, Subseed = 6, SubseedStrength = 0.25, SeedResizeFromWidth = 320,
                SeedResizeFromHeight = 192, BatchCount = 2, BatchSize = 3, PreviewInterval = 4,
            },
            request);
    }

    [Fact]
    public void UseModelSize_768Model_TakesItsSizeAndNullKeepsTheForm()
    {
        var form = new GenerationFormModel();

        form.UseModelSize(null);
        Assert.Equal((512, 512), (form.Width, form.Height));
        form.UseModelSize(new ModelDescriptor { Id = "m", DisplayName = "m", Path = "/m", Status = ModelStatus.Ready, DefaultWidth = 768, DefaultHeight = 768 });
        Assert.Equal((768, 768), (form.Width, form.Height));
    }

    [Fact]
    public void SwapSize_WideForm_BecomesTall()
    {
        var form = new GenerationFormModel { Width = 768, Height = 512 };

        form.SwapSize();

        Assert.Equal((512, 768), (form.Width, form.Height));
    }
}
