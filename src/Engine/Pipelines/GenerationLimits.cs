namespace Engine.Pipelines;

/// <summary>
/// The ranges <see cref="GenerationRequest.Validate"/> enforces: AUTOMATIC1111's UI limits (modules/ui.py sliders:
/// steps 1–150, CFG 1–30, size 64–2048 in steps of 8, batch size up to 8, batch count up to 100) plus caps of our own
/// for what the UI cannot express (total pixels, init image size, prompt length).
/// </summary>
public sealed record GenerationLimits
{
    /// <summary>Limits as shipped.</summary>
    public static GenerationLimits Default { get; } = new();

    public int MinSteps { get; init; } = 1;

    public int MaxSteps { get; init; } = 150;

    public double MinCfgScale { get; init; } = 1;

    public double MaxCfgScale { get; init; } = 30;

    public int MinSize { get; init; } = 64;

    public int MaxSize { get; init; } = 2048;

    /// <summary>Width and height must be multiples of this (the VAE's 8× down-sampling).</summary>
    public int SizeMultiple { get; init; } = 8;

    /// <summary>Largest width × height: 2048 × 1024, so either side can reach 2048 but not both.</summary>
    public long MaxPixels { get; init; } = 2048L * 1024;

    public int MaxBatchSize { get; init; } = 8;

    public int MaxBatchCount { get; init; } = 100;

    /// <summary>Largest side of an init image before resizing.</summary>
    public int MaxInitImageSide { get; init; } = 8192;

    /// <summary>Largest pixel count of an init image before resizing (4096 × 4096).</summary>
    public long MaxInitImagePixels { get; init; } = 4096L * 4096;

    /// <summary>Longest prompt or negative prompt in characters.</summary>
    public int MaxPromptLength { get; init; } = 20_000;
}
