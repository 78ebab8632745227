using Engine.Models;

namespace Engine.Schedulers;

/// <summary>
/// The denoising network as samplers see it: the U-Net with classifier-free guidance already applied, in the model's own
/// parameterization. Guidance is affine in the U-Net output at a fixed input and timestep, so combining the raw outputs
/// (<c>uncond + g·(cond − uncond)</c>) equals AUTOMATIC1111's combination of denoised values.
/// </summary>
/// <remarks>
/// Implementations may change their conditioning between calls (prompt editing counts model calls, as A1111's CFG
/// denoiser does), so samplers must call <see cref="Predict"/> exactly as often as their reference does.
/// </remarks>
public interface IDiffusionModel
{
    /// <summary>What <see cref="Predict"/> returns: the noise (epsilon) or the velocity (v).</summary>
    PredictionType PredictionType { get; }

    /// <summary>Runs the model on a batch of latents.</summary>
    /// <param name="sample">The U-Net input, <c>[batch, 4, h, w]</c> row-major, already scaled as the sampler scales it.</param>
    /// <param name="timestep">Training timestep, fractional allowed (k-diffusion samplers interpolate it from sigma).</param>
    /// <param name="output">Receives the guided prediction, same shape as <paramref name="sample"/>.</param>
    void Predict(ReadOnlySpan<float> sample, float timestep, Span<float> output);
}
