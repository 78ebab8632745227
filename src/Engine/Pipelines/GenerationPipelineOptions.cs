using Engine.Imaging;

namespace Engine.Pipelines;

/// <summary>Settings of a <see cref="GenerationPipeline"/> that do not change per request.</summary>
public sealed record GenerationPipelineOptions
{
    /// <summary>Written as the infotext's <c>Version:</c>; null leaves the field out.</summary>
    public string? Version { get; init; } = typeof(GenerationPipelineOptions).Assembly.GetName().Version?.ToString(3) is { } v ? "v" + v : null;

    public GenerationLimits Limits { get; init; } = GenerationLimits.Default;

    /// <summary>How decoded images become pixels; A1111's truncation for every sampler, "Default" included.</summary>
    public PixelConvention PixelConvention { get; init; } = PixelConvention.A1111;

    /// <summary>Nearest-neighbour factor applied to the latent-resolution preview.</summary>
    public int PreviewUpscale { get; init; } = 1;
}
