using Engine.Demo;
using Engine.Models;
using Engine.Schedulers;

namespace Engine.Tests.Schedulers;

/// <summary>
/// The analytic demo model as an <see cref="IDiffusionModel"/> (TESTING.md §1): Gaussian data N(mu, s²) with guidance
/// already folded into mu, so every deterministic sampler has a closed-form answer. Records the timesteps it is called at.
/// </summary>
/// <remarks>
/// With <paramref name="logAlphaInterpolation"/> a fractional timestep interpolates log ᾱ linearly (UniPC's
/// <c>NoiseScheduleVP</c>) instead of log sigma (k-diffusion, the demo model's own convention); both agree at integers.
/// </remarks>
internal sealed class DemoDiffusionModel(
    double[] mu, double dataStd, PredictionType prediction, bool logAlphaInterpolation = false) : IDiffusionModel
{
    public PredictionType PredictionType { get; } = prediction;

    public double[] Mu { get; } = mu;

    public double DataStd { get; } = dataStd;

    public List<float> Timesteps { get; } = [];

    public Action? BeforeCall { get; set; }

    public void Predict(ReadOnlySpan<float> sample, float timestep, Span<float> output)
    {
        BeforeCall?.Invoke();
        Timesteps.Add(timestep);
        var kind = PredictionType == PredictionType.VPrediction ? DemoPredictionType.VPrediction : DemoPredictionType.Epsilon;
        if (!logAlphaInterpolation || timestep == Math.Floor(timestep))
        {
            var result = DemoModelMath.UNetOutput(sample, Mu, timestep, DataStd, kind);
            for (var i = 0; i < output.Length; i++)
            {
                output[i] = (float)result[i];
            }

            return;
        }

        var low = (int)Math.Floor(timestep);
        var fraction = timestep - low;
        var abar = Math.Exp(((1 - fraction) * Math.Log(DemoModelMath.AlphaBar(low))) + (fraction * Math.Log(DemoModelMath.AlphaBar(low + 1))));
        var s2 = DataStd * DataStd;
        var k = Math.Sqrt(abar) * s2 / ((abar * s2) + 1 - abar);
        for (var i = 0; i < output.Length; i++)
        {
            var x0 = Mu[i] + (k * (sample[i] - (Math.Sqrt(abar) * Mu[i])));
            var eps = (sample[i] - (Math.Sqrt(abar) * x0)) / Math.Sqrt(1 - abar);
            output[i] = (float)(kind == DemoPredictionType.Epsilon ? eps : (Math.Sqrt(abar) * eps) - (Math.Sqrt(1 - abar) * x0));
        }
    }

    /// <summary>A deterministic mu [4, 8, 8] with structure (values around ±1).</summary>
    public static double[] TestMu(int length = 256)
    {
        var mu = new double[length];
        for (var i = 0; i < length; i++)
        {
            mu[i] = Math.Sin(0.37 * i) + (0.25 * Math.Cos(1.3 * i));
        }

        return mu;
    }
}
