namespace Engine.Schedulers;

/// <summary>
/// Scalar float32 arithmetic as PyTorch does it on 0-dim and small CPU tensors, for the k-diffusion samplers'
/// sigma bookkeeping: each operation rounds to float, transcendental functions are evaluated in double and rounded
/// once (within an ulp of torch's float kernels).
/// </summary>
internal static class KDiffusionFloat32
{
    public static float Log(float x) => (float)Math.Log(x);

    public static float Exp(float x) => (float)Math.Exp(x);

    public static float Sqrt(float x) => MathF.Sqrt(x);

    /// <summary>exp(x) − 1 without cancellation for small x (torch.expm1); .NET's float.ExpM1 is exp(x) − 1.</summary>
    public static float Expm1(float x) => (float)Expm1((double)x);

    /// <summary>Kahan's expm1: exact to a few double ulps, so rounding to float gives the float result.</summary>
    public static double Expm1(double x)
    {
        if (double.IsNegativeInfinity(x))
        {
            return -1.0;
        }

        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        var um1 = u - 1.0;
        if (um1 == -1.0)
        {
            return -1.0;
        }

        return double.IsPositiveInfinity(u) ? u : um1 * x / Math.Log(u);
    }

    /// <summary>torch.lerp(start, end, weight) in float: from the nearer end.</summary>
    public static float Lerp(float start, float end, float weight) =>
        Math.Abs(weight) < 0.5f ? start + (weight * (end - start)) : end - ((end - start) * (1f - weight));

    /// <summary>
    /// torch.linspace(start, end, n) for float32 on the CPU, to the bit. ATen's vectorized loop takes two 8-lane AVX2
    /// vectors at a time: in each full 16-element chunk a vector's first value is a fused multiply-add from the nearer
    /// end and its other lanes add i × step; the remaining elements (all of them when n &lt; 16) are each a fused
    /// multiply-add from the nearer end.
    /// </summary>
    public static float[] Linspace(float start, float end, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var values = new float[n];
        if (n == 1)
        {
            values[0] = start;
            return values;
        }

        const int Lanes = 8;
        var step = (end - start) / (n - 1);
        var halfway = n / 2;
        var vectorized = n / (2 * Lanes) * 2 * Lanes;
        for (var block = 0; block < vectorized; block += Lanes)
        {
            var first = FromNearerEnd(block);
            for (var i = 0; i < Lanes; i++)
            {
                values[block + i] = first + (i * step);
            }
        }

        for (var index = vectorized; index < n; index++)
        {
            values[index] = FromNearerEnd(index);
        }

        return values;

        float FromNearerEnd(int index) => index < halfway
            ? MathF.FusedMultiplyAdd(step, index, start)
            : MathF.FusedMultiplyAdd(-step, n - index - 1, end);
    }
}
