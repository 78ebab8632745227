using Engine.Numerics;

namespace Engine.Tests.Numerics;

public sealed class NoiseSlerpTests
{
    // [C=1, H=3, W=2]: columns (h over rows) are (1, 2, 2) / (0, 1, 0) for low and (2, 1, -2) / (1, 0, 1) for high.
    private static readonly float[] s_low = [1, 0, 2, 1, 2, 0];
    private static readonly float[] s_high = [2, 1, 1, 0, -2, 1];

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Apply_Endpoints_GiveLowOrHighExactly(double val)
    {
        var result = new float[6];

        NoiseSlerp.Apply(val, s_low, s_high, 1, 3, 2, result);

        Assert.Equal(val == 0 ? s_low : s_high, result);
    }

    [Fact]
    public void Apply_Midpoint_IsPerColumnSphericalInterpolation()
    {
        var result = new float[6];

        NoiseSlerp.Apply(0.25, s_low, s_high, 1, 3, 2, result);

        // Column 0: low (1,2,2) |3|, high (2,1,-2) |3|: cos = (2 + 2 - 4) / 9 = 0, omega = pi/2, so
        // weights sin(0.75 pi/2) and sin(0.25 pi/2). Column 1: (0,1,0)·(1,0,1) = 0 too.
        var a = Math.Sin(0.75 * Math.PI / 2);
        var b = Math.Sin(0.25 * Math.PI / 2);
        double[] expected = [a * 1 + b * 2, a * 0 + b * 1, a * 2 + b * 1, a * 1 + b * 0, a * 2 + b * -2, a * 0 + b * 1];
        for (var i = 0; i < 6; i++)
        {
            Assert.True(Math.Abs(result[i] - expected[i]) < 1e-6, $"index {i}: {result[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void Apply_ColumnsWithDifferentAngles_UseTheirOwnAngle()
    {
        float[] low = [1, 0, 0, 1];   // [1, 2, 2]: column 0 = (1, 0), column 1 = (0, 1)
        float[] high = [0, 1, 1, 1];  // column 0 = (0, 1) at 90°, column 1 = (1, 1) at 45°
        var result = new float[4];

        NoiseSlerp.Apply(0.5, low, high, 1, 2, 2, result);

        var w90 = Math.Sin(Math.PI / 4) / Math.Sin(Math.PI / 2);
        var w45 = Math.Sin(Math.PI / 8) / Math.Sin(Math.PI / 4);
        double[] expected = [w90 * 1, w45 * 1, w90 * 1, (w45 * 1) + (w45 * 1)];
        for (var i = 0; i < 4; i++)
        {
            Assert.True(Math.Abs(result[i] - expected[i]) < 1e-6, $"index {i}: {result[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void Apply_NearlyParallel_FallsBackToA1111sReversedLerp()
    {
        float[] low = [1, 2, 3, 4];
        float[] high = [1, 2, 3, 4.001f];
        var result = new float[4];

        NoiseSlerp.Apply(0.2, low, high, 1, 4, 1, result);

        // low * val + high * (1 - val): the weights are the reverse of the slerp's.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal((low[i] * 0.2f) + (high[i] * 0.8f), result[i]);
        }
    }
}
