using Engine.Models;
using Engine.Pipelines;
using Engine.Schedulers;
using WebUi.Infotext;

namespace WebUi.Components.Shared;

/// <summary>
/// The fields txt2img and img2img share (prompts, sampler, size, seeds, batch), edited in place by
/// <see cref="GenerationTopRow"/> and <see cref="GenerationParametersForm"/> and turned into a request by the page.
/// </summary>
public sealed class GenerationFormModel
{
    public string Prompt { get; set; } = "";

    public string NegativePrompt { get; set; } = "";

    public string Sampler { get; set; } = SamplerRegistry.Default.All[0].Name;

    public ScheduleType ScheduleType { get; set; } = ScheduleType.Automatic;

    public int Steps { get; set; } = 20;

    public double CfgScale { get; set; } = 7;

    public int Width { get; set; } = 512;

    public int Height { get; set; } = 512;

    public long Seed { get; set; } = -1;

    public long Subseed { get; set; } = -1;

    public double SubseedStrength { get; set; }

    public int SeedResizeFromWidth { get; set; }

    public int SeedResizeFromHeight { get; set; }

    public int BatchCount { get; set; } = 1;

    public int BatchSize { get; set; } = 1;

    /// <summary>The size the model was trained at (768 for a 768 model), when one is loaded.</summary>
    public void UseModelSize(ModelDescriptor? model)
    {
        if (model is not null)
        {
            Width = model.DefaultWidth;
            Height = model.DefaultHeight;
        }
    }

    public void SwapSize() => (Width, Height) = (Height, Width);

    /// <summary>Takes every field the infotext has ("send to" and "reuse parameters"); the others keep their values.</summary>
    public void Apply(InfotextParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Prompt = parameters.Prompt;
        NegativePrompt = parameters.NegativePrompt;
        Steps = parameters.Steps ?? Steps;
        CfgScale = parameters.CfgScale ?? CfgScale;
        Seed = parameters.Seed ?? Seed;
        Width = parameters.Width ?? Width;
        Height = parameters.Height ?? Height;
        Subseed = parameters.VariationSeed ?? Subseed;
        SubseedStrength = parameters.VariationStrength ?? SubseedStrength;
        SeedResizeFromWidth = parameters.SeedResizeFromWidth ?? SeedResizeFromWidth;
        SeedResizeFromHeight = parameters.SeedResizeFromHeight ?? SeedResizeFromHeight;
        if (parameters.Sampler is { } sampler)
        {
            // Legacy names such as "DPM++ 2M Karras" carry the schedule type; the registry splits them as A1111 does.
            var selection = SamplerRegistry.Default.Resolve(sampler, parameters.ScheduleType);
            Sampler = selection.Sampler.Name;
            ScheduleType = selection.ScheduleType;
        }
    }

    /// <summary>A request of <paramref name="mode"/> with these fields; img2img adds its image and strength with <c>with</c>.</summary>
    public GenerationRequest ToRequest(GenerationMode mode, int previewInterval) => new()
    {
        Mode = mode,
        Prompt = Prompt,
        NegativePrompt = NegativePrompt,
        SamplerName = Sampler,
        ScheduleType = ScheduleType,
        Steps = Steps,
        CfgScale = CfgScale,
        Width = Width,
        Height = Height,
        Seed = Seed,
        Subseed = Subseed,
        SubseedStrength = SubseedStrength,
        SeedResizeFromWidth = SeedResizeFromWidth,
        SeedResizeFromHeight = SeedResizeFromHeight,
        BatchCount = BatchCount,
        BatchSize = BatchSize,
        PreviewInterval = previewInterval,
    };
}
