using Engine.Models;

namespace Engine.Schedulers.Diffusers;

/// <summary>
/// diffusers 0.25.1 <c>EulerDiscreteScheduler</c> (scheduling_euler_discrete.py) with the pipelines' defaults
/// (s_churn 0): an Euler step in sigma; like the reference it draws (and, with no churn, ignores) noise every step.
/// </summary>
internal sealed class EulerDiscreteScheduler(SchedulerConfig config) : SigmaScheduler(config, allowKarras: true)
{
    private float[]? _noise;

    public override void Step(
        ReadOnlySpan<float> modelOutput, float timestep, Span<float> sample, Span<float> denoised, INoiseSource noise)
    {
        StepIndex ??= SigmaSchedule.IndexOf(Timesteps, timestep);
        var index = StepIndex.Value;
        var sigma = Sigmas[index];
        _noise ??= new float[sample.Length];
        noise.Fill(_noise);
        PredictOriginalSigma(modelOutput, sample, sigma, denoised);
        var dt = Sigmas[index + 1] - sigma;
        for (var i = 0; i < sample.Length; i++)
        {
            var derivative = (sample[i] - denoised[i]) / sigma;
            sample[i] += derivative * dt;
        }

        StepIndex = index + 1;
    }
}
