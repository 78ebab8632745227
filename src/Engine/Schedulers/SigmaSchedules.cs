namespace Engine.Schedulers;

/// <summary>
/// The noise-level spacings behind A1111's schedule types (modules/sd_schedulers.py) with k-diffusion's sigma
/// functions (k_diffusion/sampling.py): each returns n descending sigmas followed by 0, computed in float32 the way
/// torch does (Python-float parameters enter float kernels rounded to float).
/// </summary>
public static class SigmaSchedules
{
    /// <summary>Karras et al. (2022) eq. (5): <c>get_sigmas_karras</c>.</summary>
    public static float[] Karras(int n, double sigmaMin, double sigmaMax, double rho = 7.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var ramp = KDiffusionFloat32.Linspace(0f, 1f, n);
        var minInvRho = Math.Pow(sigmaMin, 1 / rho);
        var maxInvRho = Math.Pow(sigmaMax, 1 / rho);
        var span = (float)(minInvRho - maxInvRho);
        var start = (float)maxInvRho;
        var result = new float[n + 1];
        for (var i = 0; i < n; i++)
        {
            var baseValue = start + (ramp[i] * span);
            result[i] = (float)Math.Pow(baseValue, (float)rho);
        }

        return result;
    }

    /// <summary><c>get_sigmas_exponential</c>: evenly spaced in log sigma.</summary>
    public static float[] Exponential(int n, double sigmaMin, double sigmaMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var logs = KDiffusionFloat32.Linspace((float)Math.Log(sigmaMax), (float)Math.Log(sigmaMin), n);
        var result = new float[n + 1];
        for (var i = 0; i < n; i++)
        {
            result[i] = KDiffusionFloat32.Exp(logs[i]);
        }

        return result;
    }

    /// <summary><c>get_sigmas_polyexponential</c>: a polynomial (degree rho) in log sigma; rho 1 is exponential.</summary>
    public static float[] Polyexponential(int n, double sigmaMin, double sigmaMax, double rho = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var ramp = KDiffusionFloat32.Linspace(1f, 0f, n);
        var logMin = Math.Log(sigmaMin);
        var span = (float)(Math.Log(sigmaMax) - logMin);
        var offset = (float)logMin;
        var result = new float[n + 1];
        for (var i = 0; i < n; i++)
        {
            var powered = (float)Math.Pow(ramp[i], (float)rho);
            result[i] = KDiffusionFloat32.Exp((powered * span) + offset);
        }

        return result;
    }

    /// <summary>
    /// A1111's <c>sgm_uniform</c>: n timesteps evenly spaced from t(sigma_max) towards t(sigma_min) (n + 1 points, the
    /// last dropped), mapped back to sigma.
    /// </summary>
    public static float[] SgmUniform(int n, double sigmaMin, double sigmaMax, KDiffusionSigmas discrete)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentNullException.ThrowIfNull(discrete);
        var start = discrete.SigmaToT((float)sigmaMax);
        var end = discrete.SigmaToT((float)sigmaMin);
        var t = KDiffusionFloat32.Linspace(start, end, n + 1);
        var result = new float[n + 1];
        for (var i = 0; i < n; i++)
        {
            result[i] = discrete.TToSigma(t[i]);
        }

        return result;
    }
}
