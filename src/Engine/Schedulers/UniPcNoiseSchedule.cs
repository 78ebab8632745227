namespace Engine.Schedulers;

/// <summary>
/// uni_pc.py <c>NoiseScheduleVP('discrete')</c>: log alpha(t) = ½ log ᾱ, piecewise linear over t_n = (n + 1) / N and
/// extended linearly beyond the ends, computed here in double precision.
/// </summary>
internal sealed class UniPcNoiseSchedule
{
    private readonly double[] _logAlpha;

    public UniPcNoiseSchedule(float[] alphasCumprod)
    {
        TotalN = alphasCumprod.Length;
        _logAlpha = new double[TotalN];
        for (var i = 0; i < TotalN; i++)
        {
            // 0.5 * torch.log(alphas_cumprod) on the float32 table.
            _logAlpha[i] = 0.5f * MathF.Log(alphasCumprod[i]);
        }
    }

    public int TotalN { get; }

    private double TimeAt(int index) => (index + 1.0) / TotalN;

    public double LogMeanCoeff(double t)
    {
        var n = TotalN;
        var position = (t * n) - 1;
        var low = Math.Clamp((int)Math.Floor(position), 0, n - 2);
        var t0 = TimeAt(low);
        var t1 = TimeAt(low + 1);
        return _logAlpha[low] + ((t - t0) * (_logAlpha[low + 1] - _logAlpha[low]) / (t1 - t0));
    }

    public double Alpha(double t) => Math.Exp(LogMeanCoeff(t));

    public double Std(double t) => Math.Sqrt(1 - Math.Exp(2 * LogMeanCoeff(t)));

    public double Lambda(double t)
    {
        var logMean = LogMeanCoeff(t);
        return logMean - (0.5 * Math.Log(1 - Math.Exp(2 * logMean)));
    }

    /// <summary>inverse_lambda: t for a half-log-SNR, interpolating t over the (decreasing) log alpha table.</summary>
    public double InverseLambda(double lambda)
    {
        var logAlpha = -0.5 * LogAddExp(0, -2 * lambda);
        var n = TotalN;

        // log alpha decreases with t; find the segment [k, k+1] holding logAlpha, extrapolating at the ends.
        var k = 0;
        while (k < n - 2 && _logAlpha[k + 1] > logAlpha)
        {
            k++;
        }

        var a0 = _logAlpha[k];
        var a1 = _logAlpha[k + 1];
        return TimeAt(k) + ((logAlpha - a0) * (TimeAt(k + 1) - TimeAt(k)) / (a1 - a0));
    }

    private static double LogAddExp(double a, double b)
    {
        var max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
    }
}
