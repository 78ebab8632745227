namespace Engine.Numerics;

/// <summary>
/// A1111's variation-seed blend (<c>modules/rng.py</c> <c>slerp</c>) on one image's noise <c>[C, H, W]</c>.
/// </summary>
/// <remarks>
/// The reference normalises over dim 1, so each (channel, column) pair is its own H-long vector with its own angle.
/// If the mean of all the cosines exceeds 0.9995 it falls back to <c>low·val + high·(1 − val)</c> (weights as A1111
/// writes them, the reverse of the slerp's). Element-wise steps are float32 as in torch; the norms and dot products are
/// summed in double, so the result differs from torch's float32 reductions and vectorised acos/sin in the last bits
/// (up to 4.8e-7 against torch 2.11 on 4×8×8 and 4×32×32 noise).
/// </remarks>
public static class NoiseSlerp
{
    /// <summary>Mean cosine above which the reference interpolates linearly.</summary>
    public const double LinearThreshold = 0.9995;

    /// <summary>Writes <c>slerp(val, low, high)</c> into <paramref name="destination"/> (which may alias neither input).</summary>
    public static void Apply(double val, ReadOnlySpan<float> low, ReadOnlySpan<float> high, int channels, int height, int width, Span<float> destination)
    {
        var count = checked(channels * height * width);
        if (low.Length != count || high.Length != count || destination.Length != count)
        {
            throw new ArgumentException($"low, high and destination must all hold {channels}x{height}x{width} values.", nameof(destination));
        }

        var columns = channels * width;
        var dots = new float[columns];
        var dotSum = 0.0;
        for (var c = 0; c < channels; c++)
        {
            for (var w = 0; w < width; w++)
            {
                var lowNorm = (float)Math.Sqrt(SumOfSquares(low, c, height, width, w));
                var highNorm = (float)Math.Sqrt(SumOfSquares(high, c, height, width, w));
                var dot = 0.0;
                for (var h = 0; h < height; h++)
                {
                    var i = Index(c, h, w, height, width);
                    dot += (low[i] / lowNorm) * (high[i] / highNorm);
                }

                dots[(c * width) + w] = (float)dot;
                dotSum += (float)dot;
            }
        }

        var fVal = (float)val;
        var fRest = (float)(1.0 - val);
        if (dotSum / columns > LinearThreshold)
        {
            for (var i = 0; i < count; i++)
            {
                destination[i] = (low[i] * fVal) + (high[i] * fRest);
            }

            return;
        }

        for (var c = 0; c < channels; c++)
        {
            for (var w = 0; w < width; w++)
            {
                var omega = MathF.Acos(dots[(c * width) + w]);
                var so = MathF.Sin(omega);
                var lowWeight = MathF.Sin(fRest * omega) / so;
                var highWeight = MathF.Sin(fVal * omega) / so;
                for (var h = 0; h < height; h++)
                {
                    var i = Index(c, h, w, height, width);
                    destination[i] = (lowWeight * low[i]) + (highWeight * high[i]);
                }
            }
        }
    }

    private static double SumOfSquares(ReadOnlySpan<float> values, int c, int height, int width, int w)
    {
        var sum = 0.0;
        for (var h = 0; h < height; h++)
        {
            double v = values[Index(c, h, w, height, width)];
            sum += v * v;
        }

        return sum;
    }

    private static int Index(int c, int h, int w, int height, int width) => (((c * height) + h) * width) + w;
}
