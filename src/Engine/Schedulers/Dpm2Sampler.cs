namespace Engine.Schedulers;

/// <summary>
/// "DPM2": k-diffusion <c>sample_dpm_2</c> (DPM-Solver-2 with the midpoint at the geometric mean of the two sigmas),
/// with churn; Euler into sigma 0. A1111 defaults it to Karras and discards the penultimate sigma.
/// </summary>
public sealed class Dpm2Sampler : KDiffusionSampler
{
    public Dpm2Sampler()
        : base("DPM2", ScheduleType.Karras, discardsNextToLastSigma: true)
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
                var sigmaMid = KDiffusionFloat32.Exp(KDiffusionFloat32.Lerp(KDiffusionFloat32.Log(sigmaHat), KDiffusionFloat32.Log(next), 0.5f));
                KDiffusionSteps.Euler(input, denoised, sigmaHat, sigmaMid, x2);
                run.Denoiser.Denoise(x2, sigmaMid, denoised2);
                var dt2 = next - sigmaHat;
                for (var j = 0; j < x.Length; j++)
                {
                    x[j] = input[j] + ((x2[j] - denoised2[j]) / sigmaMid * dt2);
                }
            }

            run.Report(i, x, denoised);
        }
    }
}
