using Engine.Schedulers;

namespace Engine.Tests.Schedulers;

public sealed class LinearMultistepCoefficientsTests
{
    private static readonly float[] s_sigmas = [14.614642f, 9.7232f, 6.2781f, 3.9217f, 2.3554f, 1.3551f, 0.0292f, 0f];

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    [InlineData(4, 5)]
    [InlineData(4, 6)]
    public void Coefficient_AnyOrder_EqualsTheExactIntegralOfTheLagrangeBasis(int order, int i)
    {
        for (var j = 0; j < order; j++)
        {
            // Closed form: expand prod_{k≠j} (tau − t[i−k]) / (t[i−j] − t[i−k]) into monomials and integrate them.
            var poly = new double[] { 1 };
            for (var k = 0; k < order; k++)
            {
                if (k == j)
                {
                    continue;
                }

                double denominator = s_sigmas[i - j] - s_sigmas[i - k];
                var next = new double[poly.Length + 1];
                for (var p = 0; p < poly.Length; p++)
                {
                    next[p + 1] += poly[p] / denominator;
                    next[p] -= poly[p] * s_sigmas[i - k] / denominator;
                }

                poly = next;
            }

            double a = s_sigmas[i], b = s_sigmas[i + 1], exact = 0;
            for (var p = 0; p < poly.Length; p++)
            {
                exact += poly[p] * (Math.Pow(b, p + 1) - Math.Pow(a, p + 1)) / (p + 1);
            }

            var actual = LinearMultistepCoefficients.Coefficient(order, s_sigmas, i, j);
            Assert.True(Math.Abs(exact - actual) <= 1e-12 * Math.Max(1, Math.Abs(exact)), $"order {order} i {i} j {j}: {exact:R} vs {actual:R}");
        }
    }

    [Fact]
    public void Coefficients_Order4_SumToTheStep()
    {
        var sum = Enumerable.Range(0, 4).Sum(j => LinearMultistepCoefficients.Coefficient(4, s_sigmas, 5, j));

        // Partition of unity up to the float32 node differences k-diffusion divides by (numpy float32 scalars).
        Assert.Equal((double)s_sigmas[6] - s_sigmas[5], sum, 1e-6);
    }

    [Fact]
    public void Coefficient_OrderAboveStep_Throws() =>
        Assert.Throws<ArgumentException>(() => LinearMultistepCoefficients.Coefficient(3, s_sigmas, 1, 0));
}
