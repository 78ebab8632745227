using Engine.Models;

namespace Engine.Schedulers.Diffusers;

/// <summary>
/// What diffusers' Euler, Euler ancestral and LMS schedulers share: sigma tables, <c>init_noise_sigma</c>,
/// <c>scale_model_input</c> (x / sqrt(σ² + 1)), the step index found from the first timestep, and <c>add_noise</c> (x + σ ε).
/// </summary>
internal abstract class SigmaScheduler(SchedulerConfig config, bool allowKarras) : DiffusersScheduler(config)
{
    protected float[] Sigmas { get; private set; } = [];

    protected int? StepIndex { get; set; }

    public override float InitNoiseSigma
    {
        get
        {
            var max = Sigmas.Max();
            return Config.TimestepSpacing is TimestepSpacing.Linspace or TimestepSpacing.Trailing
                ? max
                : MathF.Sqrt((max * max) + 1f);
        }
    }

    public override void SetTimesteps(int steps)
    {
        (Timesteps, Sigmas) = SigmaSchedule.ForEuler(Config, AlphasCumprod, steps, allowKarras);
        StepIndex = null;
        OnSetTimesteps();
    }

    public override void ScaleModelInput(ReadOnlySpan<float> sample, float timestep, Span<float> destination)
    {
        StepIndex ??= SigmaSchedule.IndexOf(Timesteps, timestep);
        var sigma = Sigmas[StepIndex.Value];
        var scale = MathF.Sqrt((sigma * sigma) + 1f);
        for (var i = 0; i < sample.Length; i++)
        {
            destination[i] = sample[i] / scale;
        }
    }

    public override void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, float timestep, Span<float> destination)
    {
        var sigma = Sigmas[SigmaSchedule.IndexOf(Timesteps, timestep)];
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = original[i] + (noise[i] * sigma);
        }
    }

    protected virtual void OnSetTimesteps()
    {
    }

    /// <summary>pred_original_sample in k-diffusion coordinates at <paramref name="sigma"/> (float32).</summary>
    protected void PredictOriginalSigma(ReadOnlySpan<float> modelOutput, ReadOnlySpan<float> sample, float sigma, Span<float> denoised)
    {
        var vScale = -sigma / MathF.Sqrt((sigma * sigma) + 1f);
        var sampleScale = (sigma * sigma) + 1f;
        for (var i = 0; i < sample.Length; i++)
        {
            denoised[i] = Config.PredictionType switch
            {
                PredictionType.Epsilon => sample[i] - (sigma * modelOutput[i]),
                PredictionType.VPrediction => (modelOutput[i] * vScale) + (sample[i] / sampleScale),
                _ => modelOutput[i],
            };
        }
    }
}
