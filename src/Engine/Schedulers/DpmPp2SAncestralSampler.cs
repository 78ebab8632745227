namespace Engine.Schedulers;

/// <summary>
/// "DPM++ 2S a": k-diffusion <c>sample_dpmpp_2s_ancestral</c>: a DPM-Solver++(2S) single-step down to sigma_down,
/// then noise of size sigma_up. A1111 defaults it to Karras.
/// </summary>
public sealed class DpmPp2SAncestralSampler : KDiffusionSampler
{
    public DpmPp2SAncestralSampler()
        : base("DPM++ 2S a", ScheduleType.Karras)
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
            float sigma = sigmas[i], next = sigmas[i + 1];
            run.Denoiser.Denoise(x, sigma, denoised);
            var (down, up) = KDiffusionSteps.Ancestral(sigma, next, run.Options.EtaAncestral);
            if (down == 0)
            {
                KDiffusionSteps.Euler(x, denoised, sigma, down, x);
            }
            else
            {
                const float R = 0.5f;
                var t = -KDiffusionFloat32.Log(sigma);
                var tNext = -KDiffusionFloat32.Log(down);
                var h = tNext - t;
                var s = t + (R * h);
                var sigmaT = KDiffusionFloat32.Exp(-t);
                var sigmaS = KDiffusionFloat32.Exp(-s);
                var ratio1 = sigmaS / sigmaT;
                var em1Half = KDiffusionFloat32.Expm1(-h * R);
                for (var j = 0; j < x.Length; j++)
                {
                    x2[j] = (ratio1 * x[j]) - (em1Half * denoised[j]);
                }

                run.Denoiser.Denoise(x2, sigmaS, denoised2);
                var ratio = KDiffusionFloat32.Exp(-tNext) / sigmaT;
                var em1 = KDiffusionFloat32.Expm1(-h);
                for (var j = 0; j < x.Length; j++)
                {
                    x[j] = (ratio * x[j]) - (em1 * denoised2[j]);
                }
            }

            KDiffusionSteps.AddAncestralNoise(run, x, noise, next, sNoise, up);

            run.Report(i, x, denoised);
        }
    }
}
