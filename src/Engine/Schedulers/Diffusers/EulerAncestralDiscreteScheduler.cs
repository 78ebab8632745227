using Engine.Models;

namespace Engine.Schedulers.Diffusers;

/// <summary>
/// diffusers 0.25.1 <c>EulerAncestralDiscreteScheduler</c> (scheduling_euler_ancestral_discrete.py): an Euler step to
/// sigma_down, then fresh noise scaled by sigma_up.
/// </summary>
internal sealed class EulerAncestralDiscreteScheduler(SchedulerConfig config) : SigmaScheduler(config, allowKarras: false)
{
    private float[]? _noise;

    public override void Step(
        ReadOnlySpan<float> modelOutput, float timestep, Span<float> sample, Span<float> denoised, INoiseSource noise)
    {
        StepIndex ??= SigmaSchedule.IndexOf(Timesteps, timestep);
        var index = StepIndex.Value;
        var sigma = Sigmas[index];
        PredictOriginalSigma(modelOutput, sample, sigma, denoised);
        var sigmaFrom = sigma;
        var sigmaTo = Sigmas[index + 1];
        var sigmaUp = MathF.Sqrt(sigmaTo * sigmaTo * ((sigmaFrom * sigmaFrom) - (sigmaTo * sigmaTo)) / (sigmaFrom * sigmaFrom));
        var sigmaDown = MathF.Sqrt((sigmaTo * sigmaTo) - (sigmaUp * sigmaUp));
        var dt = sigmaDown - sigma;
        _noise ??= new float[sample.Length];
        noise.Fill(_noise);
        for (var i = 0; i < sample.Length; i++)
        {
            var derivative = (sample[i] - denoised[i]) / sigma;
            sample[i] = sample[i] + (derivative * dt) + (_noise[i] * sigmaUp);
        }

        StepIndex = index + 1;
    }
}
