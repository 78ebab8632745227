using Engine.Models;

namespace Engine.Schedulers.Diffusers;

/// <summary>
/// diffusers 0.25.1 <c>LMSDiscreteScheduler</c> (scheduling_lms_discrete.py), order 4: linear multistep in sigma whose
/// coefficients integrate the Lagrange basis over [σ_i, σ_{i+1}] (exactly here; scipy's quad is exact on these cubics).
/// </summary>
internal sealed class LmsDiscreteScheduler(SchedulerConfig config) : SigmaScheduler(config, allowKarras: true)
{
    private const int LmsOrder = 4;

    // Newest last; at most LmsOrder derivatives.
    private readonly List<float[]> _derivatives = [];
    private readonly Queue<float[]> _spare = new();

    protected override void OnSetTimesteps()
    {
        _derivatives.Clear();
    }

    public override void Step(
        ReadOnlySpan<float> modelOutput, float timestep, Span<float> sample, Span<float> denoised, INoiseSource noise)
    {
        StepIndex ??= SigmaSchedule.IndexOf(Timesteps, timestep);
        var index = StepIndex.Value;
        var sigma = Sigmas[index];
        PredictOriginalSigma(modelOutput, sample, sigma, denoised);

        var derivative = _derivatives.Count == LmsOrder ? RemoveOldest() : _spare.Count > 0 ? _spare.Dequeue() : new float[sample.Length];
        for (var i = 0; i < sample.Length; i++)
        {
            derivative[i] = (sample[i] - denoised[i]) / sigma;
        }

        _derivatives.Add(derivative);

        // order = min(step_index + 1, 4); zip() with the reversed derivatives uses only as many as exist (img2img).
        var order = Math.Min(index + 1, LmsOrder);
        var used = Math.Min(order, _derivatives.Count);
        var coefficients = new float[used];
        for (var k = 0; k < used; k++)
        {
            coefficients[k] = (float)Coefficient(order, index, k);
        }

        for (var i = 0; i < sample.Length; i++)
        {
            float sum = 0;
            for (var k = 0; k < used; k++)
            {
                sum += coefficients[k] * _derivatives[_derivatives.Count - 1 - k][i];
            }

            sample[i] += sum;
        }

        StepIndex = index + 1;
    }

    private float[] RemoveOldest()
    {
        var oldest = _derivatives[0];
        _derivatives.RemoveAt(0);
        return oldest;
    }

    // get_lms_coefficient: ∫ over [σ_t, σ_{t+1}] of the Lagrange basis polynomial of node σ_{t−current}, by 4-point
    // Gauss–Legendre, exact for these polynomials of degree ≤ 3.
    private double Coefficient(int order, int t, int current)
    {
        double[] nodes = [-0.8611363115940526, -0.3399810435848563, 0.3399810435848563, 0.8611363115940526];
        double[] weights = [0.3478548451374538, 0.6521451548625461, 0.6521451548625461, 0.3478548451374538];
        double a = Sigmas[t], b = Sigmas[t + 1];
        double integral = 0;
        for (var q = 0; q < nodes.Length; q++)
        {
            var tau = (0.5 * (b - a) * nodes[q]) + (0.5 * (a + b));
            var product = 1.0;
            for (var k = 0; k < order; k++)
            {
                if (k == current)
                {
                    continue;
                }

                product *= (tau - Sigmas[t - k]) / ((double)Sigmas[t - current] - Sigmas[t - k]);
            }

            integral += weights[q] * product;
        }

        return 0.5 * (b - a) * integral;
    }
}
