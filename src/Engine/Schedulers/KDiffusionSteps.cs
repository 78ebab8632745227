namespace Engine.Schedulers;

/// <summary>Step-size helpers shared by the k-diffusion samplers (k_diffusion/sampling.py), in float32 like torch.</summary>
internal static class KDiffusionSteps
{
    /// <summary>
    /// <c>get_ancestral_step</c>: the level to step down to deterministically (sigma_down) and the noise to add
    /// (sigma_up), so that sigma_down² + sigma_up² = sigma_to²; eta 0 gives (sigma_to, 0).
    /// </summary>
    public static (float Down, float Up) Ancestral(float sigmaFrom, float sigmaTo, double eta)
    {
        if (eta == 0)
        {
            return (sigmaTo, 0f);
        }

        var to2 = sigmaTo * sigmaTo;
        var from2 = sigmaFrom * sigmaFrom;
        var candidate = (float)eta * KDiffusionFloat32.Sqrt(to2 * (from2 - to2) / from2);
        var up = candidate < sigmaTo ? candidate : sigmaTo;
        var down = KDiffusionFloat32.Sqrt(to2 - (up * up));
        return (down, up);
    }

    /// <summary>
    /// One Euler step from <paramref name="sigma"/> to <paramref name="sigmaTo"/>: <c>x + d · (sigma_to − sigma)</c> with
    /// k-diffusion's <c>to_d</c>, <c>d = (x − denoised) / sigma</c>, written into <paramref name="destination"/> (which may
    /// be <paramref name="x"/> itself).
    /// </summary>
    public static void Euler(ReadOnlySpan<float> x, ReadOnlySpan<float> denoised, float sigma, float sigmaTo, Span<float> destination)
    {
        var dt = sigmaTo - sigma;
        for (var j = 0; j < destination.Length; j++)
        {
            destination[j] = x[j] + ((x[j] - denoised[j]) / sigma * dt);
        }
    }

    /// <summary>
    /// The ancestral samplers' noise after the step to sigma_down: unless the step ends at sigma 0, draws
    /// <c>randn_like(x)</c> into <paramref name="noise"/> and adds <c>noise · s_noise · sigma_up</c> to x.
    /// </summary>
    public static void AddAncestralNoise(KDiffusionRun run, Span<float> x, Span<float> noise, float sigmaNext, float sNoise, float sigmaUp)
    {
        if (sigmaNext > 0)
        {
            run.DrawNoise(noise);
            for (var j = 0; j < x.Length; j++)
            {
                x[j] += noise[j] * sNoise * sigmaUp;
            }
        }
    }

    /// <summary>
    /// Karras et al.'s churn for <c>sample_euler</c>/<c>heun</c>/<c>dpm_2</c>: gamma = min(s_churn / steps, √2 − 1)
    /// inside [s_tmin, s_tmax], else 0 (<paramref name="sigmaCount"/> is <c>len(sigmas)</c>).
    /// </summary>
    public static double ChurnGamma(SamplerOptions options, int sigmaCount, float sigma) =>
        options.STmin <= sigma && sigma <= options.STmax
            ? Math.Min(options.SChurn / (sigmaCount - 1), Math.Sqrt(2) - 1)
            : 0.0;

    /// <summary>
    /// Applies the churn noise the three churn samplers share: draws <c>eps = randn_like(x) · s_noise</c> every step
    /// (k-diffusion draws it even when gamma is 0, which advances the generators), and when gamma &gt; 0 writes
    /// x + eps·sqrt(sigma_hat² − sigma²) into <paramref name="xHat"/>. Returns sigma_hat and whether it churned;
    /// without churn <paramref name="xHat"/> is untouched and the caller keeps using x.
    /// </summary>
    public static (float SigmaHat, bool Churned) Churn(
        KDiffusionRun run, ReadOnlySpan<float> x, Span<float> xHat, Span<float> eps, float sigma, int sigmaCount)
    {
        var options = run.Options;
        var gamma = ChurnGamma(options, sigmaCount, sigma);
        run.DrawNoise(eps);
        var sNoise = (float)options.SNoise;
        var sigmaHat = sigma * (float)(gamma + 1);
        if (!(gamma > 0))
        {
            return (sigmaHat, false);
        }

        var scale = KDiffusionFloat32.Sqrt((sigmaHat * sigmaHat) - (sigma * sigma));
        for (var i = 0; i < x.Length; i++)
        {
            xHat[i] = x[i] + (eps[i] * sNoise * scale);
        }

        return (sigmaHat, true);
    }
}
