namespace Engine.Schedulers;

/// <summary>"Euler a": k-diffusion <c>sample_euler_ancestral</c>, eta from <see cref="SamplerOptions.EtaAncestral"/>.</summary>
public sealed class EulerAncestralSampler : KDiffusionSampler
{
    public EulerAncestralSampler()
        : base("Euler a")
    {
    }

    private protected override void Run(KDiffusionRun run, Span<float> x, ReadOnlySpan<float> sigmas)
    {
        var denoised = run.NewBuffer();
        var noise = run.NewBuffer();

        // A1111 passes eta but not s_noise to sample_euler_ancestral (sampler_extra_params), so s_noise stays 1.
        const float SNoise = 1f;
        for (var i = 0; i < sigmas.Length - 1; i++)
        {
            float sigma = sigmas[i], next = sigmas[i + 1];
            run.Denoiser.Denoise(x, sigma, denoised);
            var (down, up) = KDiffusionSteps.Ancestral(sigma, next, run.Options.EtaAncestral);
            KDiffusionSteps.Euler(x, denoised, sigma, down, x);
            KDiffusionSteps.AddAncestralNoise(run, x, noise, next, SNoise, up);

            run.Report(i, x, denoised);
        }
    }
}
