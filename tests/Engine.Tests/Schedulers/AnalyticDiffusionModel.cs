using Engine.Demo;
using Engine.Models;
using Engine.Schedulers;

namespace Engine.Tests.Schedulers;

/// <summary>
/// The demo model's exact Bayes-optimal prediction (TESTING.md §1) as an <see cref="IDiffusionModel"/>: data
/// N(mu, s² I), so every sampler has a closed-form answer. Batch is taken as 1 (mu covers the whole latent).
/// </summary>
internal sealed class AnalyticDiffusionModel(double[] mu, double dataStd, PredictionType prediction) : IDiffusionModel
{
    public static SchedulerConfig Config { get; } = new()
    {
        BetaSchedule = BetaSchedule.ScaledLinear,
        BetaStart = 0.00085,
        BetaEnd = 0.012,
        NumTrainTimesteps = 1000,
        PredictionType = PredictionType.Epsilon,
    };

    public PredictionType PredictionType => prediction;

    public int Calls { get; private set; }

    public List<float> Timesteps { get; } = [];

    public void Predict(ReadOnlySpan<float> sample, float timestep, Span<float> output)
    {
        Calls++;
        Timesteps.Add(timestep);

        // The sampler feeds x·c_in = sqrt(abar)·x_sigma, the DDPM-space latent at this timestep.
        var result = DemoModelMath.UNetOutput(
            sample, mu, timestep, dataStd,
            prediction == PredictionType.Epsilon ? DemoPredictionType.Epsilon : DemoPredictionType.VPrediction);
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = (float)result[i];
        }
    }
}
