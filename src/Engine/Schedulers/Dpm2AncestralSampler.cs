namespace Engine.Schedulers;

/// <summary>
/// "DPM2 a": k-diffusion <c>sample_dpm_2_ancestral</c>: a DPM-Solver-2 step down to sigma_down, then fresh noise of
/// size sigma_up. A1111 defaults it to Karras and discards the penultimate sigma.
/// </summary>
public sealed class Dpm2AncestralSampler : KDiffusionSampler
{
    public Dpm2AncestralSampler()
        : base("DPM2 a", ScheduleType.Karras, discardsNextToLastSigma: true)
    {
    }

    private protected override int CountModelCalls(ReadOnlySpan<float> sigmas, SamplerOptions options) =>
        CountTwoCallSteps(sigmas, options.EtaAncestral);

    private protected override void Run(KDiffusionRun run, Span<float> x, ReadOnlySpan<float> sigmas)
    {
        var denoised = run.NewBuffer();
        var denoised2 = run.NewBuffer();
        var x2 = run.NewBuffer();
        var noise = run.NewBuffer();
        var sNoise = (float)run.Options.SNoise;
        for (var i = 0; i < sigmas.Length - 1; i++)
        {
            var sigma = sigmas[i];
            run.Denoiser.Denoise(x, sigma, denoised);
            var (down, up) = KDiffusionSteps.Ancestral(sigma, sigmas[i + 1], run.Options.EtaAncestral);
            if (down == 0)
            {
                KDiffusionSteps.Euler(x, denoised, sigma, down, x);
            }
            else
            {
                var sigmaMid = KDiffusionFloat32.Exp(KDiffusionFloat32.Lerp(KDiffusionFloat32.Log(sigma), KDiffusionFloat32.Log(down), 0.5f));
                KDiffusionSteps.Euler(x, denoised, sigma, sigmaMid, x2);
                run.Denoiser.Denoise(x2, sigmaMid, denoised2);
                var dt2 = down - sigma;
                run.DrawNoise(noise);
                for (var j = 0; j < x.Length; j++)
                {
                    x[j] = x[j] + ((x2[j] - denoised2[j]) / sigmaMid * dt2) + (noise[j] * sNoise * up);
                }
            }

            run.Report(i, x, denoised);
        }
    }
}
