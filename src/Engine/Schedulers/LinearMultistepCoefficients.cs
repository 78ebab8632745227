namespace Engine.Schedulers;

/// <summary>
/// k-diffusion's <c>linear_multistep_coeff</c> (k_diffusion/sampling.py): the integral over [t[i], t[i+1]] of the
/// Lagrange basis polynomial of node t[i − j] through the nodes t[i], …, t[i − order + 1]. k-diffusion integrates with
/// <c>scipy.integrate.quad</c>; the integrand is a polynomial of degree ≤ 3, so 4-point Gauss–Legendre is exact up
/// to rounding and deterministic.
/// </summary>
internal static class LinearMultistepCoefficients
{
    private static readonly double[] s_nodes = [-0.8611363115940526, -0.3399810435848563, 0.3399810435848563, 0.8611363115940526];
    private static readonly double[] s_weights = [0.3478548451374538, 0.6521451548625461, 0.6521451548625461, 0.3478548451374538];

    /// <summary>The coefficient of the derivative from <paramref name="j"/> steps back.</summary>
    /// <param name="order">Number of nodes (1 to 4 with the default LMS order 4; at most <paramref name="i"/> + 1).</param>
    /// <param name="t">The sigmas (float32, as <c>sigmas.cpu().numpy()</c>).</param>
    /// <param name="i">The current step.</param>
    /// <param name="j">Which node's basis polynomial (0 = the current step).</param>
    public static double Coefficient(int order, ReadOnlySpan<float> t, int i, int j)
    {
        if (order - 1 > i)
        {
            throw new ArgumentException($"Order {order} too high for step {i}.", nameof(order));
        }

        if (order > s_nodes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "4-point Gauss–Legendre is exact up to order 4 only.");
        }

        double a = t[i], b = t[i + 1];
        double half = (b - a) / 2, mid = (a + b) / 2;
        double sum = 0;
        for (var q = 0; q < s_nodes.Length; q++)
        {
            sum += s_weights[q] * Basis(order, t, i, j, mid + (half * s_nodes[q]));
        }

        return half * sum;
    }

    // numpy float32 scalars: the node difference is a float32 subtraction, the rest double (Python float tau).
    private static double Basis(int order, ReadOnlySpan<float> t, int i, int j, double tau)
    {
        var product = 1.0;
        for (var k = 0; k < order; k++)
        {
            if (k == j)
            {
                continue;
            }

            float denominator = t[i - j] - t[i - k];
            product *= (tau - t[i - k]) / denominator;
        }

        return product;
    }
}
