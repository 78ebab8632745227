namespace Engine.Schedulers;

/// <summary>What a sampler reports after each step (A1111's k-diffusion callback: x, i, sigma, denoised).</summary>
/// <param name="Step">0-based index of the step just finished.</param>
/// <param name="TotalSteps">Steps this sampling run takes (after img2img truncation).</param>
/// <param name="Latents">The current latents x (valid only during the callback).</param>
/// <param name="Denoised">The model's current estimate of the clean latents (valid only during the callback), used for previews.</param>
public readonly ref struct SamplerStep(int Step, int TotalSteps, ReadOnlySpan<float> Latents, ReadOnlySpan<float> Denoised)
{
    public int Step { get; } = Step;

    public int TotalSteps { get; } = TotalSteps;

    public ReadOnlySpan<float> Latents { get; } = Latents;

    public ReadOnlySpan<float> Denoised { get; } = Denoised;
}
