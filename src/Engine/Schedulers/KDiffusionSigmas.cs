namespace Engine.Schedulers;

/// <summary>
/// k-diffusion's <c>DiscreteSchedule</c> (k_diffusion/external.py) over the model's 1000 training sigmas, as
/// AUTOMATIC1111's <c>CompVisDenoiser</c>/<c>CompVisVDenoiser</c> build it from ldm's float32 alphas_cumprod: the
/// sigma ↔ fractional timestep maps (linear in log sigma between neighbouring integer timesteps) and
/// <c>get_sigmas(n)</c>, all in float32 as torch computes them.
/// </summary>
public sealed class KDiffusionSigmas
{
    private readonly float[] _sigmas;
    private readonly float[] _logSigmas;

    /// <summary>Wraps the discrete sigmas of a training schedule.</summary>
    public KDiffusionSigmas(NoiseSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _sigmas = schedule.LdmSigmas;
        _logSigmas = schedule.LdmLogSigmas;
    }

    /// <summary>The discrete sigmas, ascending with the timestep (<c>model_wrap.sigmas</c>).</summary>
    public IReadOnlyList<float> Sigmas => _sigmas;

    /// <summary><c>sigmas[0]</c>: the smallest training sigma (t = 0), what A1111 passes as sigma_min (≈ 0.0292 for SD).</summary>
    public float SigmaMin => _sigmas[0];

    /// <summary><c>sigmas[-1]</c>: the largest training sigma (t = 999), A1111's sigma_max (≈ 14.6146 for SD).</summary>
    public float SigmaMax => _sigmas[^1];

    /// <summary>
    /// <c>sigma_to_t</c> (unquantized): the fractional timestep whose interpolated log sigma is log(sigma), clamped to
    /// [0, 999].
    /// </summary>
    public float SigmaToT(float sigma)
    {
        var logSigma = KDiffusionFloat32.Log(sigma);

        // low_idx: the last training step whose log sigma is <= log(sigma), kept below the last index.
        var low = 0;
        for (var j = 0; j < _logSigmas.Length; j++)
        {
            if (logSigma - _logSigmas[j] >= 0f)
            {
                low = j;
            }
        }

        low = Math.Min(low, _logSigmas.Length - 2);
        var high = low + 1;
        float lowLog = _logSigmas[low], highLog = _logSigmas[high];
        var w = Math.Clamp((lowLog - logSigma) / (lowLog - highLog), 0f, 1f);
        return ((1f - w) * low) + (w * high);
    }

    /// <summary><c>t_to_sigma</c>: exp of log sigma interpolated linearly between the neighbouring integer timesteps.</summary>
    public float TToSigma(float t)
    {
        var low = (int)MathF.Floor(t);
        var high = (int)MathF.Ceiling(t);
        var w = t - MathF.Truncate(t);
        var logSigma = ((1f - w) * _logSigmas[low]) + (w * _logSigmas[high]);
        return KDiffusionFloat32.Exp(logSigma);
    }

    /// <summary>
    /// <c>get_sigmas(n)</c>: t = linspace(999, 0, n) in float32, mapped to sigma, then a final 0 (n + 1 values).
    /// This is A1111's schedule for samplers without a default scheduler and its "Uniform" schedule type.
    /// </summary>
    public float[] GetSigmas(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var t = KDiffusionFloat32.Linspace(_sigmas.Length - 1, 0f, n);
        var result = new float[n + 1];
        for (var i = 0; i < n; i++)
        {
            result[i] = TToSigma(t[i]);
        }

        return result;
    }
}
