namespace Engine.Onnx;

/// <summary>What a VAE encoder graph returns; exporters differ.</summary>
public enum VaeEncoderOutputKind
{
    /// <summary><c>latent_parameters</c>: mean then log-variance, 2 × latent channels (optimum ≥ 1.14); the caller samples.</summary>
    LatentParameters,

    /// <summary><c>latent_sample</c>: latent channels, already sampled or the mean (older exporters).</summary>
    LatentSample,
}
