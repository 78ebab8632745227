namespace Engine.Schedulers;

/// <summary>
/// "Heun": k-diffusion <c>sample_heun</c> (Karras et al. 2022, Algorithm 2), with churn; the step into sigma 0 is a
/// plain Euler step, so a run makes 2·steps − 1 model calls.
/// </summary>
public sealed class HeunSampler : KDiffusionSampler
{
    public HeunSampler()
        : base("Heun")
    {
    }

    private protected override int CountModelCalls(ReadOnlySpan<float> sigmas, SamplerOptions options) => CountTwoCallSteps(sigmas);

    private protected override void Run(KDiffusionRun run, Span<float> x, ReadOnlySpan<float> sigmas)
    {
        var denoised = run.NewBuffer();
        var denoised2 = run.NewBuffer();
        var x2 = run.NewBuffer();
        var xHat = run.NewBuffer();
        var eps = run.NewBuffer();
        for (var i = 0; i < sigmas.Length - 1; i++)
        {
            var next = sigmas[i + 1];
            var (sigmaHat, churned) = KDiffusionSteps.Churn(run, x, xHat, eps, sigmas[i], sigmas.Length);
            ReadOnlySpan<float> input = churned ? xHat : x;
            run.Denoiser.Denoise(input, sigmaHat, denoised);
            if (next == 0)
            {
                KDiffusionSteps.Euler(input, denoised, sigmaHat, next, x);
            }
            else
            {
                KDiffusionSteps.Euler(input, denoised, sigmaHat, next, x2);
                run.Denoiser.Denoise(x2, next, denoised2);
                var dt = next - sigmaHat;
                for (var j = 0; j < x.Length; j++)
                {
                    var d = (input[j] - denoised[j]) / sigmaHat;
                    var d2 = (x2[j] - denoised2[j]) / next;
                    x[j] = input[j] + ((d + d2) / 2f * dt);
                }
            }

            run.Report(i, x, denoised);
        }
    }
}
