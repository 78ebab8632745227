using Engine.Numerics;
using System.Globalization;
using Engine.Imaging;
using Engine.Models;
using Engine.Schedulers;
using Engine.TextEncoding;

namespace Engine.Pipelines;

/// <summary>
/// One generation job as the user asked for it: AUTOMATIC1111's txt2img/img2img parameters (processing.py
/// <c>StableDiffusionProcessing</c>) with the UI's defaults.
/// </summary>
public sealed record GenerationRequest
{
    public GenerationMode Mode { get; init; } = GenerationMode.TextToImage;

    public string Prompt { get; init; } = "";

    public string NegativePrompt { get; init; } = "";

    /// <summary>A1111 sampler name ("Euler", "DPM++ 2M", "Default", ...); the sampler catalog resolves unknown names as A1111 does.</summary>
    public string SamplerName { get; init; } = "Euler";

    public ScheduleType ScheduleType { get; init; } = ScheduleType.Automatic;

    public int Steps { get; init; } = 20;

    public double CfgScale { get; init; } = 7;

    public int Width { get; init; } = 512;

    public int Height { get; init; } = 512;

    /// <summary>−1 picks a random seed; image i of the job uses seed + i.</summary>
    public long Seed { get; init; } = -1;

    /// <summary>Variation seed; −1 picks a random one. Used only when <see cref="SubseedStrength"/> is not 0.</summary>
    public long Subseed { get; init; } = -1;

    /// <summary>Variation strength in [0, 1].</summary>
    public double SubseedStrength { get; init; }

    /// <summary>"Resize seed from" width; 0 or less is off.</summary>
    public int SeedResizeFromWidth { get; init; }

    /// <summary>"Resize seed from" height; 0 or less is off.</summary>
    public int SeedResizeFromHeight { get; init; }

    /// <summary>Images per U-Net call.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Batches run one after another.</summary>
    public int BatchCount { get; init; } = 1;

    /// <summary>img2img strength in (0, 1].</summary>
    public double DenoisingStrength { get; init; } = 0.75;

    /// <summary>img2img source image (any size; resized per <see cref="ResizeMode"/>).</summary>
    public RgbImage? InitImage { get; init; }

    public ResizeMode ResizeMode { get; init; } = ResizeMode.JustResize;

    /// <summary>A1111's <c>img2img_fix_steps</c>.</summary>
    public bool Img2ImgFixSteps { get; init; }

    public RandomSource RngSource { get; init; } = RandomSource.Gpu;

    /// <summary>Eta noise seed delta (A1111 <c>eta_noise_seed_delta</c>, 0 = off).</summary>
    public long EtaNoiseSeedDelta { get; init; }

    public EmphasisMode Emphasis { get; init; } = EmphasisMode.Original;

    /// <summary>Live preview every N sampling steps; 0 = no preview.</summary>
    public int PreviewInterval { get; init; }

    public SamplerOptions SamplerOptions { get; init; } = SamplerOptions.Default;

    /// <summary>Total images of the job.</summary>
    public int ImageCount => BatchSize * BatchCount;

    /// <summary>Every problem with this request for <paramref name="model"/>; empty when it can run.</summary>
    public IReadOnlyList<GenerationValidationError> Validate(ModelDescriptor model, GenerationLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        limits ??= GenerationLimits.Default;
        var errors = new List<GenerationValidationError>();
        void Add(string field, string message) => errors.Add(new GenerationValidationError(field, message));
        string F(double value) => value.ToString(CultureInfo.InvariantCulture);

        if (!model.IsReady || model.Signatures is null || model.Scheduler is null || model.Vae is null)
        {
            Add("Model", $"Model '{model.Id}' is not ready.");
        }

        if (Prompt is null || Prompt.Length > limits.MaxPromptLength)
        {
            Add(nameof(Prompt), $"Prompt must be a text of at most {limits.MaxPromptLength} characters.");
        }

        if (NegativePrompt is null || NegativePrompt.Length > limits.MaxPromptLength)
        {
            Add(nameof(NegativePrompt), $"NegativePrompt must be a text of at most {limits.MaxPromptLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(SamplerName))
        {
            Add(nameof(SamplerName), "SamplerName must not be empty.");
        }

        if (!Enum.IsDefined(ScheduleType))
        {
            Add(nameof(ScheduleType), $"ScheduleType {ScheduleType} is not a known schedule type.");
        }

        if (Steps < limits.MinSteps || Steps > limits.MaxSteps)
        {
            Add(nameof(Steps), $"Steps is {Steps}; allowed {limits.MinSteps} to {limits.MaxSteps}.");
        }

        if (!(CfgScale >= limits.MinCfgScale && CfgScale <= limits.MaxCfgScale))
        {
            Add(nameof(CfgScale), $"CfgScale is {F(CfgScale)}; allowed {F(limits.MinCfgScale)} to {F(limits.MaxCfgScale)}.");
        }

        CheckSize(nameof(Width), Width, limits, Add);
        CheckSize(nameof(Height), Height, limits, Add);
        if ((long)Width * Height > limits.MaxPixels)
        {
            Add("Size", $"Size {Width}x{Height} has {(long)Width * Height} pixels; at most {limits.MaxPixels} allowed.");
        }

        if (Seed < -1 || Seed > long.MaxValue - 100_000)
        {
            Add(nameof(Seed), $"Seed is {Seed}; allowed -1 (random) or 0 to {long.MaxValue - 100_000}.");
        }

        if (Subseed < -1 || Subseed > long.MaxValue - 100_000)
        {
            Add(nameof(Subseed), $"Subseed is {Subseed}; allowed -1 (random) or 0 to {long.MaxValue - 100_000}.");
        }

        if (!(SubseedStrength >= 0 && SubseedStrength <= 1))
        {
            Add(nameof(SubseedStrength), $"SubseedStrength is {F(SubseedStrength)}; allowed 0 to 1.");
        }

        if (SeedResizeFromWidth > limits.MaxSize)
        {
            Add(nameof(SeedResizeFromWidth), $"SeedResizeFromWidth is {SeedResizeFromWidth}; allowed 0 (off) to {limits.MaxSize}.");
        }

        if (SeedResizeFromHeight > limits.MaxSize)
        {
            Add(nameof(SeedResizeFromHeight), $"SeedResizeFromHeight is {SeedResizeFromHeight}; allowed 0 (off) to {limits.MaxSize}.");
        }

        if (BatchSize < 1 || BatchSize > limits.MaxBatchSize)
        {
            Add(nameof(BatchSize), $"BatchSize is {BatchSize}; allowed 1 to {limits.MaxBatchSize}.");
        }

        if (BatchCount < 1 || BatchCount > limits.MaxBatchCount)
        {
            Add(nameof(BatchCount), $"BatchCount is {BatchCount}; allowed 1 to {limits.MaxBatchCount}.");
        }

        if (EtaNoiseSeedDelta < 0)
        {
            Add(nameof(EtaNoiseSeedDelta), $"EtaNoiseSeedDelta is {EtaNoiseSeedDelta}; it must be 0 or more.");
        }

        if (PreviewInterval < 0)
        {
            Add(nameof(PreviewInterval), $"PreviewInterval is {PreviewInterval}; it must be 0 (off) or more.");
        }

        if (!Enum.IsDefined(RngSource))
        {
            Add(nameof(RngSource), $"RngSource {RngSource} is not known.");
        }

        if (!Enum.IsDefined(Emphasis))
        {
            Add(nameof(Emphasis), $"Emphasis {Emphasis} is not known.");
        }

        if (SamplerOptions is null)
        {
            Add(nameof(SamplerOptions), "SamplerOptions must not be null.");
        }

        if (Mode == GenerationMode.ImageToImage)
        {
            ValidateImg2Img(model, limits, Add, F);
        }
        else if (Mode != GenerationMode.TextToImage)
        {
            Add(nameof(Mode), $"Mode {Mode} is not known.");
        }

        return errors;
    }

    /// <summary>Throws when <see cref="Validate"/> finds problems.</summary>
    /// <exception cref="GenerationValidationException">At least one field is invalid.</exception>
    public void EnsureValid(ModelDescriptor model, GenerationLimits? limits = null)
    {
        var errors = Validate(model, limits);
        if (errors.Count > 0)
        {
            throw new GenerationValidationException(errors);
        }
    }

    private static void CheckSize(string field, int value, GenerationLimits limits, Action<string, string> add)
    {
        if (value < limits.MinSize || value > limits.MaxSize || value % limits.SizeMultiple != 0)
        {
            add(field, $"{field} is {value}; allowed {limits.MinSize} to {limits.MaxSize} in multiples of {limits.SizeMultiple}.");
        }
    }

    private void ValidateImg2Img(ModelDescriptor model, GenerationLimits limits, Action<string, string> add, Func<double, string> format)
    {
        if (!model.SupportsImg2Img)
        {
            add(nameof(Mode), $"Model '{model.Id}' has no VAE encoder, so img2img is unavailable.");
        }

        if (!(DenoisingStrength > 0 && DenoisingStrength <= 1))
        {
            add(nameof(DenoisingStrength), $"DenoisingStrength is {format(DenoisingStrength)}; allowed more than 0 up to 1.");
        }

        if (InitImage is null)
        {
            add(nameof(InitImage), "InitImage is required for img2img.");
        }
        else if (InitImage.Width > limits.MaxInitImageSide || InitImage.Height > limits.MaxInitImageSide
                 || (long)InitImage.Width * InitImage.Height > limits.MaxInitImagePixels)
        {
            add(nameof(InitImage),
                $"InitImage is {InitImage.Width}x{InitImage.Height}; at most {limits.MaxInitImageSide} per side and {limits.MaxInitImagePixels} pixels allowed.");
        }

        if (!Enum.IsDefined(ResizeMode))
        {
            add(nameof(ResizeMode), $"ResizeMode {ResizeMode} is not known.");
        }
    }
}
