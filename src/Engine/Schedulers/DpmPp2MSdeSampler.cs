namespace Engine.Schedulers;

/// <summary>
/// "DPM++ 2M SDE" (midpoint solver) and "DPM++ 2M SDE Heun": k-diffusion <c>sample_dpmpp_2m_sde</c> with Brownian-tree
/// noise; the step into sigma 0 returns the denoised estimate. A1111 defaults both to Exponential.
/// </summary>
public sealed class DpmPp2MSdeSampler : KDiffusionSampler
{
    private readonly bool _heun;

    /// <summary>Creates the midpoint variant, or with <paramref name="heun"/> the "DPM++ 2M SDE Heun" one.</summary>
    public DpmPp2MSdeSampler(bool heun = false)
        : base(heun ? "DPM++ 2M SDE Heun" : "DPM++ 2M SDE", ScheduleType.Exponential)
    {
        _heun = heun;
    }

    private protected override void Run(KDiffusionRun run, Span<float> x, ReadOnlySpan<float> sigmas)
    {
        var denoised = run.NewBuffer();
        var old = run.NewBuffer();
        var noise = run.NewBuffer();
        var eta = run.Options.EtaAncestral;
        var sNoise = (float)run.Options.SNoise;
        var hasOld = false;
        var hLast = 0f;
        for (var i = 0; i < sigmas.Length - 1; i++)
        {
            float sigma = sigmas[i], next = sigmas[i + 1];
            run.Denoiser.Denoise(x, sigma, denoised);
            var h = hLast;
            if (next == 0)
            {
                denoised.AsSpan().CopyTo(x);
            }
            else
            {
                var t = -KDiffusionFloat32.Log(sigma);
                var s = -KDiffusionFloat32.Log(next);
                h = s - t;
                var etaH = (float)eta * h;
                var decay = next / sigma * KDiffusionFloat32.Exp(-etaH);
                var gain = -KDiffusionFloat32.Expm1(-h - etaH);
                var correction = 0f;
                if (hasOld)
                {
                    var r = hLast / h;
                    correction = _heun
                        ? ((gain / (-h - etaH)) + 1f) * (1f / r)
                        : 0.5f * gain * (1f / r);
                }

                var noiseScale = 0f;
                if (eta != 0)
                {
                    run.BrownianNoise(sigma, next, noise);
                    noiseScale = KDiffusionFloat32.Sqrt(-KDiffusionFloat32.Expm1(-2f * etaH));
                }

                for (var j = 0; j < x.Length; j++)
                {
                    var value = (decay * x[j]) + (gain * denoised[j]);
                    if (hasOld)
                    {
                        value += correction * (denoised[j] - old[j]);
                    }

                    if (eta != 0)
                    {
                        value += noise[j] * next * noiseScale * sNoise;
                    }

                    x[j] = value;
                }
            }

            run.Report(i, x, denoised);
            (old, denoised) = (denoised, old);
            hasOld = true;
            hLast = h;
        }
    }
}
