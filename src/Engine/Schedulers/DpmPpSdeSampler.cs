namespace Engine.Schedulers;

/// <summary>
/// "DPM++ SDE": k-diffusion <c>sample_dpmpp_sde</c> (stochastic DPM-Solver++, r = 1/2) with Brownian-tree noise;
/// Euler into sigma 0. A1111 defaults it to Karras.
/// </summary>
public sealed class DpmPpSdeSampler : KDiffusionSampler
{
    public DpmPpSdeSampler()
        : base("DPM++ SDE", ScheduleType.Karras)
    {
    }

    private protected override int CountModelCalls(ReadOnlySpan<float> sigmas, SamplerOptions options) => CountTwoCallSteps(sigmas);

    private protected override void Run(KDiffusionRun run, Span<float> x, ReadOnlySpan<float> sigmas)
    {
        var denoised = run.NewBuffer();
        var denoised2 = run.NewBuffer();
        var x2 = run.NewBuffer();
        var noise = run.NewBuffer();
        var eta = run.Options.EtaAncestral;
        var sNoise = (float)run.Options.SNoise;
        const float R = 0.5f;
        const float Fac = 1f / (2f * R);
        for (var i = 0; i < sigmas.Length - 1; i++)
        {
            float sigma = sigmas[i], next = sigmas[i + 1];
            run.Denoiser.Denoise(x, sigma, denoised);
            if (next == 0)
            {
                KDiffusionSteps.Euler(x, denoised, sigma, next, x);
                run.Report(i, x, denoised);
                continue;
            }

            var t = -KDiffusionFloat32.Log(sigma);
            var tNext = -KDiffusionFloat32.Log(next);
            var h = tNext - t;
            var s = t + (h * R);
            var sigmaT = KDiffusionFloat32.Exp(-t);
            var sigmaS = KDiffusionFloat32.Exp(-s);
            var sigmaNext = KDiffusionFloat32.Exp(-tNext);

            // Step 1: ancestral step to the midpoint s.
            var (down1, up1) = KDiffusionSteps.Ancestral(sigmaT, sigmaS, eta);
            var s1 = -KDiffusionFloat32.Log(down1);
            var ratio1 = KDiffusionFloat32.Exp(-s1) / sigmaT;
            var em1First = KDiffusionFloat32.Expm1(t - s1);
            run.BrownianNoise(sigmaT, sigmaS, noise);
            for (var j = 0; j < x.Length; j++)
            {
                x2[j] = (ratio1 * x[j]) - (em1First * denoised[j]) + (noise[j] * sNoise * up1);
            }

            run.Denoiser.Denoise(x2, sigmaS, denoised2);

            // Step 2: the full step with the midpoint's denoised estimate.
            var (down2, up2) = KDiffusionSteps.Ancestral(sigmaT, sigmaNext, eta);
            var t2 = -KDiffusionFloat32.Log(down2);
            var ratio2 = KDiffusionFloat32.Exp(-t2) / sigmaT;
            var em1Second = KDiffusionFloat32.Expm1(t - t2);
            run.BrownianNoise(sigmaT, sigmaNext, noise);
            for (var j = 0; j < x.Length; j++)
            {
                var blended = ((1f - Fac) * denoised[j]) + (Fac * denoised2[j]);
                x[j] = (ratio2 * x[j]) - (em1Second * blended) + (noise[j] * sNoise * up2);
            }

            run.Report(i, x, denoised);
        }
    }
}
