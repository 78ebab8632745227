namespace Engine.Pipelines;

/// <summary>What a <see cref="NoiseRequest"/>'s generators are for.</summary>
public enum NoisePurpose
{
    /// <summary>
    /// The sampling noise of one batch: the first <c>Fill</c> is the starting noise (variation seed and "resize seed
    /// from" applied, as A1111's <c>ImageRNG.first</c>), later fills feed ancestral/SDE steps (re-seeded with ENSD when
    /// <see cref="NoiseRequest.UsesEtaNoiseSeedDelta"/>).
    /// </summary>
    Sampling,

    /// <summary>
    /// Noise for sampling the VAE encoder's latent distribution (img2img). A1111 draws it from torch's global generator,
    /// whose state depends on earlier jobs, so no exact match exists; any seeded standard normal source will do.
    /// </summary>
    VaePosterior,
}
