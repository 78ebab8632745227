using Engine.Models;

namespace Engine.Schedulers;

/// <summary>Everything one sampling run needs besides the latents themselves.</summary>
public sealed record SamplingRequest
{
    /// <summary>The guided model.</summary>
    public required IDiffusionModel Model { get; init; }

    /// <summary>The model's <c>scheduler_config.json</c> (beta schedule, spacing, offsets, prediction type).</summary>
    public required SchedulerConfig Scheduler { get; init; }

    /// <summary>Sampling steps as the user set them (img2img runs fewer, see <see cref="DenoisingStrength"/>).</summary>
    public required int Steps { get; init; }

    /// <summary>Schedule type; samplers without a choice ignore it.</summary>
    public ScheduleType ScheduleType { get; init; } = ScheduleType.Automatic;

    /// <summary>Noise for ancestral and SDE steps, one generator per image.</summary>
    public required INoiseSource Noise { get; init; }

    public SamplerOptions Options { get; init; } = SamplerOptions.Default;

    /// <summary>img2img strength in (0, 1]; null for txt2img.</summary>
    public double? DenoisingStrength { get; init; }

    /// <summary>
    /// A1111's <c>img2img_fix_steps</c>: when true img2img runs all <see cref="Steps"/> over the truncated schedule, else
    /// <c>int(strength × steps)</c> steps.
    /// </summary>
    public bool Img2ImgFixSteps { get; init; }

    /// <summary>Progress after every step.</summary>
    public SamplerStepCallback? OnStep { get; init; }

    /// <summary>Checked before every model call; samplers throw <see cref="OperationCanceledException"/> leaving the latents of the last finished step.</summary>
    public CancellationToken CancellationToken { get; init; }
}
