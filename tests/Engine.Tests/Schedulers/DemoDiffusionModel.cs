using Engine.Demo;
using Engine.Models;
using Engine.Schedulers;

namespace Engine.Tests.Schedulers;

/// <summary>
/// The analytic demo model as an <see cref="IDiffusionModel"/> (TESTING.md §1): Gaussian data N(mu, s²) with guidance
/// already folded into mu, so every deterministic sampler has a closed-form answer. Records the timesteps it is called at.
/// </summary>
internal sealed class DemoDiffusionModel(double[] mu, double dataStd, PredictionType prediction) : IDiffusionModel
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
        var result = DemoModelMath.UNetOutput(sample, Mu, timestep, DataStd, kind);
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = (float)result[i];
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
