namespace Engine.Schedulers;

/// <summary>
/// "DPM++ 3M SDE": k-diffusion <c>sample_dpmpp_3m_sde</c> (third-order multistep with Brownian-tree noise); the step
/// into sigma 0 returns the denoised estimate. A1111 defaults it to Exponential and discards the penultimate sigma.
/// </summary>
public sealed class DpmPp3MSdeSampler : KDiffusionSampler
{
    public DpmPp3MSdeSampler()
        : base("DPM++ 3M SDE", ScheduleType.Exponential, discardsNextToLastSigma: true)
    {
    }

    private protected override void Run(KDiffusionRun run, Span<float> x, ReadOnlySpan<float> sigmas)
    {
        var denoised = run.NewBuffer();
        var denoised1 = run.NewBuffer();
        var denoised2 = run.NewBuffer();
        var noise = run.NewBuffer();
        var eta = run.Options.EtaAncestral;
        var sNoise = (float)run.Options.SNoise;
        float? h1 = null, h2 = null;
        var h = 0f;
        for (var i = 0; i < sigmas.Length - 1; i++)
        {
            float sigma = sigmas[i], next = sigmas[i + 1];
            run.Denoiser.Denoise(x, sigma, denoised);
            if (next == 0)
            {
                denoised.AsSpan().CopyTo(x);
            }
            else
            {
                var t = -KDiffusionFloat32.Log(sigma);
                var s = -KDiffusionFloat32.Log(next);
                h = s - t;
                var hEta = h * (float)(eta + 1);
                var decay = KDiffusionFloat32.Exp(-hEta);
                var gain = -KDiffusionFloat32.Expm1(-hEta);
                var phi2 = (KDiffusionFloat32.Expm1(-hEta) / hEta) + 1f;
                var phi3 = (phi2 / hEta) - 0.5f;
                float r0 = 0f, r1 = 0f, rSum = 0f;
                if (h1 is { } last)
                {
                    r0 = last / h;
                }

                if (h2 is { } beforeLast)
                {
                    r1 = beforeLast / h;
                    rSum = r0 + r1;
                }

                var noiseScale = 0f;
                if (eta != 0)
                {
                    run.BrownianNoise(sigma, next, noise);
                    noiseScale = KDiffusionFloat32.Sqrt(-KDiffusionFloat32.Expm1(-2f * h * (float)eta));
                }

                for (var j = 0; j < x.Length; j++)
                {
                    var value = (decay * x[j]) + (gain * denoised[j]);
                    if (h2 is not null)
                    {
                        var d10 = (denoised[j] - denoised1[j]) / r0;
                        var d11 = (denoised1[j] - denoised2[j]) / r1;
                        var d1 = d10 + ((d10 - d11) * r0 / rSum);
                        var d2 = (d10 - d11) / rSum;
                        value = value + (phi2 * d1) - (phi3 * d2);
                    }
                    else if (h1 is not null)
                    {
                        value += phi2 * ((denoised[j] - denoised1[j]) / r0);
                    }

                    if (eta != 0)
                    {
                        value += noise[j] * next * noiseScale * sNoise;
                    }

                    x[j] = value;
                }
            }

            run.Report(i, x, denoised);
            (denoised2, denoised1, denoised) = (denoised1, denoised, denoised2);
            (h2, h1) = (h1, h);
        }
    }
}
