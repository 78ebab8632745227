namespace Engine.Numerics;

/// <summary>Everything A1111's <c>ImageRNG</c> needs for one batch: the images' seeds, variation seed, resize-from and ENSD.</summary>
public sealed record ImageNoiseOptions
{
    /// <summary>A1111's latent downscale factor (<c>opt_f</c>), used to turn "resize seed from" pixels into latent size.</summary>
    public const int LatentScale = 8;

    /// <summary>Resolved seed of each image of the batch (see <see cref="SeedResolver.ImageSeeds"/>); the batch size.</summary>
    public required IReadOnlyList<long> Seeds { get; init; }

    /// <summary>Variation seed of each image (<see cref="SeedResolver.ImageSubseeds"/>); an image past the end uses 0, as A1111 does.</summary>
    public IReadOnlyList<long>? Subseeds { get; init; }

    /// <summary>Variation strength: 0 ignores <see cref="Subseeds"/>, 1 gives the subseed's noise.</summary>
    public double SubseedStrength { get; init; }

    /// <summary>"Resize seed from width" in pixels; 0 (or <see cref="SeedResizeFromHeight"/> 0) turns it off.</summary>
    public int SeedResizeFromWidth { get; init; }

    /// <summary>"Resize seed from height" in pixels; 0 (or <see cref="SeedResizeFromWidth"/> 0) turns it off.</summary>
    public int SeedResizeFromHeight { get; init; }

    /// <summary>
    /// A1111's <c>eta_noise_seed_delta</c> (ENSD): when non-zero, every draw after the initial noise comes from
    /// generators re-created with <c>seed + ENSD</c>. NovelAI's value is 31337.
    /// </summary>
    public long EtaNoiseSeedDelta { get; init; }

    public RandomSource Source { get; init; } = RandomSource.Gpu;

    /// <summary>Latent channels (4 for SD 1.x/2.x).</summary>
    public int Channels { get; init; } = 4;

    /// <summary>Latent height: image height / 8.</summary>
    public required int LatentHeight { get; init; }

    /// <summary>Latent width: image width / 8.</summary>
    public required int LatentWidth { get; init; }
}
