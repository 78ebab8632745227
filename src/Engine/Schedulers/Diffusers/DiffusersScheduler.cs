using Engine.Models;

namespace Engine.Schedulers.Diffusers;

/// <summary>
/// One diffusers 0.25.1 scheduler as its pipelines drive it (<c>set_timesteps</c>, <c>init_noise_sigma</c>,
/// <c>scale_model_input</c>, <c>step</c>, <c>add_noise</c>). Instances are stateful and serve one sampling run.
/// </summary>
internal abstract class DiffusersScheduler
{
    protected DiffusersScheduler(SchedulerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        if (config.RescaleBetasZeroSnr)
        {
            throw new NotSupportedException($"{config.ClassName}: rescale_betas_zero_snr is not supported.");
        }

        if (config.Thresholding)
        {
            throw new NotSupportedException($"{config.ClassName}: dynamic thresholding is not supported.");
        }

        AlphasCumprod = NoiseSchedule.FromConfig(config).AlphasCumprodDiffusers;
    }

    public SchedulerConfig Config { get; }

    /// <summary>diffusers' float32 <c>alphas_cumprod</c>.</summary>
    protected float[] AlphasCumprod { get; }

    protected int TrainTimesteps => AlphasCumprod.Length;

    /// <summary>The timesteps the pipeline loops over (U-Net timestep values), set by <see cref="SetTimesteps"/>.</summary>
    public float[] Timesteps { get; protected set; } = [];

    /// <summary><c>scheduler.order</c>: img2img skips <c>t_start × order</c> timesteps.</summary>
    public virtual int Order => 1;

    /// <summary>Scale of the starting noise for txt2img.</summary>
    public virtual float InitNoiseSigma => 1f;

    public abstract void SetTimesteps(int steps);

    /// <summary>The U-Net input for <paramref name="sample"/> at <paramref name="timestep"/>.</summary>
    public virtual void ScaleModelInput(ReadOnlySpan<float> sample, float timestep, Span<float> destination) =>
        sample.CopyTo(destination);

    /// <summary>
    /// Advances <paramref name="sample"/> in place to the previous timestep and writes the clean-sample estimate to
    /// <paramref name="denoised"/>. <paramref name="noise"/> is drawn from where the reference step draws.
    /// </summary>
    public abstract void Step(
        ReadOnlySpan<float> modelOutput, float timestep, Span<float> sample, Span<float> denoised, INoiseSource noise);

    /// <summary>img2img start: the init latents noised to <paramref name="timestep"/>.</summary>
    public abstract void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, float timestep, Span<float> destination);

    /// <summary>VP noising <c>sqrt(ᾱ_t) x0 + sqrt(1 − ᾱ_t) ε</c> (DDIM/PNDM <c>add_noise</c>, float32).</summary>
    protected void AddNoiseAlphaCumprod(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int timestep, Span<float> destination)
    {
        var a = AlphasCumprod[timestep];
        var sqrtA = MathF.Sqrt(a);
        var sqrtOneMinusA = MathF.Sqrt(1f - a);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (sqrtA * original[i]) + (sqrtOneMinusA * noise[i]);
        }
    }

    /// <summary>x0 from a model output at ᾱ (float32), for epsilon or v.</summary>
    protected void PredictOriginal(ReadOnlySpan<float> modelOutput, ReadOnlySpan<float> sample, float alphaProd, Span<float> denoised)
    {
        var sqrtA = MathF.Sqrt(alphaProd);
        var sqrtB = MathF.Sqrt(1f - alphaProd);
        for (var i = 0; i < sample.Length; i++)
        {
            denoised[i] = Config.PredictionType switch
            {
                PredictionType.Epsilon => (sample[i] - (sqrtB * modelOutput[i])) / sqrtA,
                PredictionType.VPrediction => (sqrtA * sample[i]) - (sqrtB * modelOutput[i]),
                _ => modelOutput[i],
            };
        }
    }
}
