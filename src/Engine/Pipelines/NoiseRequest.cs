using Engine.Numerics;
namespace Engine.Pipelines;

/// <summary>
/// Everything A1111's seed logic (processing.py <c>create_random_tensors</c>, rng.py <c>ImageRNG</c>) needs to build
/// the noise of one batch: one generator per image.
/// </summary>
public sealed record NoiseRequest
{
    /// <summary>Seed of each image of the batch (already resolved: job seed + image index, or all equal with a variation seed).</summary>
    public required IReadOnlyList<long> Seeds { get; init; }

    /// <summary>Variation seed of each image.</summary>
    public required IReadOnlyList<long> Subseeds { get; init; }

    /// <summary>Variation strength in [0, 1]; 0 = no variation.</summary>
    public double SubseedStrength { get; init; }

    /// <summary>"Resize seed from" width in pixels; 0 or less = off.</summary>
    public int SeedResizeFromWidth { get; init; }

    /// <summary>"Resize seed from" height in pixels; 0 or less = off.</summary>
    public int SeedResizeFromHeight { get; init; }

    /// <summary>Latent channels (4 for SD).</summary>
    public required int Channels { get; init; }

    /// <summary>Latent height (image height / 8).</summary>
    public required int LatentHeight { get; init; }

    /// <summary>Latent width (image width / 8).</summary>
    public required int LatentWidth { get; init; }

    public RandomSource Source { get; init; } = RandomSource.Gpu;

    /// <summary>A1111 <c>eta_noise_seed_delta</c>.</summary>
    public long EtaNoiseSeedDelta { get; init; }

    /// <summary>Whether the sampler uses ENSD (A1111 <c>is_sampler_using_eta_noise_seed_delta</c>).</summary>
    public bool UsesEtaNoiseSeedDelta { get; init; }

    public NoisePurpose Purpose { get; init; } = NoisePurpose.Sampling;
}
