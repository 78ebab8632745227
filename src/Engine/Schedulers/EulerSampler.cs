namespace Engine.Schedulers;

/// <summary>"Euler": k-diffusion <c>sample_euler</c> (Karras et al. 2022, Algorithm 2 with Euler steps), with churn.</summary>
public sealed class EulerSampler : KDiffusionSampler
{
    public EulerSampler()
        : base("Euler")
    {
    }

    private protected override void Run(KDiffusionRun run, Span<float> x, ReadOnlySpan<float> sigmas)
    {
        var denoised = run.NewBuffer();
        var xHat = run.NewBuffer();
        var eps = run.NewBuffer();
        for (var i = 0; i < sigmas.Length - 1; i++)
        {
            var (sigmaHat, churned) = KDiffusionSteps.Churn(run, x, xHat, eps, sigmas[i], sigmas.Length);
            ReadOnlySpan<float> input = churned ? xHat : x;
            run.Denoiser.Denoise(input, sigmaHat, denoised);
            KDiffusionSteps.Euler(input, denoised, sigmaHat, sigmas[i + 1], x);

            run.Report(i, x, denoised);
        }
    }
}
