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
            var dt = sigmas[i + 1] - sigmaHat;
            for (var j = 0; j < x.Length; j++)
            {
                x[j] = input[j] + ((input[j] - denoised[j]) / sigmaHat * dt);
            }

            run.Report(i, x, denoised);
        }
    }
}
