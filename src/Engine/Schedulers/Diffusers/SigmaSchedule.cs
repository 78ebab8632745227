using Engine.Models;

namespace Engine.Schedulers.Diffusers;

/// <summary>
/// The sigma tables of diffusers' Euler/LMS/DPM schedulers: training sigmas <c>((1 − ᾱ) / ᾱ) ** 0.5</c> in float32,
/// interpolation at inference timesteps, Karras spacing and the inverse map sigma → t (<c>_sigma_to_t</c>).
/// </summary>
internal static class SigmaSchedule
{
    public static float[] TrainingSigmas(float[] alphasCumprod) =>
        Array.ConvertAll(alphasCumprod, a => MathF.Sqrt((1f - a) / a));

    /// <summary><c>_convert_to_karras</c>: rho 7 between the given extremes.</summary>
    public static double[] Karras(double sigmaMin, double sigmaMax, int steps)
    {
        const double Rho = 7.0;
        var ramp = DiffusersTimesteps.Linspace(0, 1, steps);
        var minInvRho = Math.Pow(sigmaMin, 1 / Rho);
        var maxInvRho = Math.Pow(sigmaMax, 1 / Rho);
        return Array.ConvertAll(ramp, r => Math.Pow(maxInvRho + (r * (minInvRho - maxInvRho)), Rho));
    }

    /// <summary><c>_sigma_to_t</c>: linear in log sigma between the neighbouring training timesteps.</summary>
    public static double SigmaToT(double sigma, double[] logSigmas)
    {
        var logSigma = Math.Log(Math.Max(sigma, 1e-10));
        var low = 0;
        for (var i = 0; i < logSigmas.Length; i++)
        {
            if (logSigma - logSigmas[i] >= 0)
            {
                low = i;
            }
        }

        low = Math.Min(low, logSigmas.Length - 2);
        var lowValue = logSigmas[low];
        var highValue = logSigmas[low + 1];
        var w = Math.Clamp((lowValue - logSigma) / (lowValue - highValue), 0, 1);
        return ((1 - w) * low) + (w * (low + 1));
    }

    public static double[] LogSigmas(float[] sigmas) => Array.ConvertAll(sigmas, s => Math.Log(s));

    /// <summary>
    /// Euler/LMS <c>set_timesteps</c>: float32 timesteps for the spacing, sigmas interpolated at them (or Karras-spaced),
    /// then a final 0.
    /// </summary>
    public static (float[] Timesteps, float[] Sigmas) ForEuler(SchedulerConfig config, float[] alphasCumprod, int steps, bool allowKarras)
    {
        var timesteps = DiffusersTimesteps.Descending(config, alphasCumprod.Length, steps, roundLinspace: false);

        // np.linspace(..., dtype=np.float32) / .astype(np.float32): the timesteps are float32.
        timesteps = Array.ConvertAll(timesteps, t => (double)(float)t);
        var table = TrainingSigmas(alphasCumprod);
        var sigmas = Array.ConvertAll(timesteps, t => DiffusersTimesteps.Interpolate(t, table));
        if (allowKarras && config.UseKarrasSigmas)
        {
            var logSigmas = LogSigmas(table);
            sigmas = Karras(sigmas[^1], sigmas[0], steps);
            timesteps = Array.ConvertAll(sigmas, s => SigmaToT(s, logSigmas));
        }

        var withZero = new float[sigmas.Length + 1];
        for (var i = 0; i < sigmas.Length; i++)
        {
            withZero[i] = (float)sigmas[i];
        }

        return (Array.ConvertAll(timesteps, t => (float)t), withZero);
    }

    /// <summary>The index of <paramref name="timestep"/> in the schedule (<c>_init_step_index</c>: the second match if repeated).</summary>
    public static int IndexOf(float[] timesteps, float timestep)
    {
        var first = -1;
        for (var i = 0; i < timesteps.Length; i++)
        {
            if (timesteps[i] == timestep)
            {
                if (first >= 0)
                {
                    return i;
                }

                first = i;
            }
        }

        return first >= 0
            ? first
            : throw new ArgumentException($"Timestep {timestep} is not in the schedule.", nameof(timestep));
    }
}
