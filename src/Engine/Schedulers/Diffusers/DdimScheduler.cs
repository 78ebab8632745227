using Engine.Models;

namespace Engine.Schedulers.Diffusers;

/// <summary>
/// diffusers 0.25.1 <c>DDIMScheduler</c> (scheduling_ddim.py) as the pipelines call it: eta 0, <c>set_alpha_to_one</c>,
/// <c>clip_sample</c>, epsilon / v / sample prediction; the previous timestep is always <c>t − N // n</c>.
/// </summary>
internal sealed class DdimScheduler(SchedulerConfig config) : DiffusersScheduler(config)
{
    private int _steps;
    private float[]? _epsilon;

    private float FinalAlphaCumprod => Config.SetAlphaToOne ? 1f : AlphasCumprod[0];

    public override void SetTimesteps(int steps)
    {
        var values = DiffusersTimesteps.Descending(Config, TrainTimesteps, steps, roundLinspace: true);
        Timesteps = Array.ConvertAll(values, v => (float)v);
        _steps = steps;
    }

    public override void Step(
        ReadOnlySpan<float> modelOutput, float timestep, Span<float> sample, Span<float> denoised, INoiseSource noise)
    {
        var t = (int)timestep;
        var prevTimestep = t - (TrainTimesteps / _steps);
        var alphaProdT = AlphasCumprod[t];
        var alphaProdTPrev = prevTimestep >= 0 ? AlphasCumprod[prevTimestep] : FinalAlphaCumprod;
        var betaProdT = 1f - alphaProdT;
        var sqrtAlphaT = MathF.Sqrt(alphaProdT);
        var sqrtBetaT = MathF.Sqrt(betaProdT);
        _epsilon ??= new float[sample.Length];
        var epsilon = _epsilon;
        for (var i = 0; i < sample.Length; i++)
        {
            switch (Config.PredictionType)
            {
                case PredictionType.Epsilon:
                    denoised[i] = (sample[i] - (sqrtBetaT * modelOutput[i])) / sqrtAlphaT;
                    epsilon[i] = modelOutput[i];
                    break;
                case PredictionType.VPrediction:
                    denoised[i] = (sqrtAlphaT * sample[i]) - (sqrtBetaT * modelOutput[i]);
                    epsilon[i] = (sqrtAlphaT * modelOutput[i]) + (sqrtBetaT * sample[i]);
                    break;
                default:
                    denoised[i] = modelOutput[i];
                    epsilon[i] = (sample[i] - (sqrtAlphaT * denoised[i])) / sqrtBetaT;
                    break;
            }
        }

        if (Config.ClipSample)
        {
            var range = (float)Config.ClipSampleRange;
            for (var i = 0; i < denoised.Length; i++)
            {
                denoised[i] = Math.Clamp(denoised[i], -range, range);
            }
        }

        // eta = 0 (the pipelines' default): std_dev_t = 0 and no noise is drawn.
        var direction = MathF.Sqrt(1f - alphaProdTPrev);
        var sqrtAlphaPrev = MathF.Sqrt(alphaProdTPrev);
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] = (sqrtAlphaPrev * denoised[i]) + (direction * epsilon[i]);
        }
    }

    public override void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, float timestep, Span<float> destination) =>
        AddNoiseAlphaCumprod(original, noise, (int)timestep, destination);
}
