namespace Engine.Schedulers;

/// <summary>The outcome of A1111's forgiving sampler lookup (<see cref="SamplerRegistry.Resolve"/>).</summary>
/// <param name="Sampler">The sampler to run (the first one when the name was unknown).</param>
/// <param name="ScheduleType">The schedule type to request (Automatic when it equals the sampler's default).</param>
/// <param name="SamplerFellBack">True when the name matched no sampler and the first one was chosen, as A1111 silently does.</param>
/// <param name="UnsupportedSchedule">An A1111 schedule type this engine does not implement (e.g. "Align Your Steps"), replaced by Automatic; else null.</param>
public sealed record SamplerSelection(SamplerRegistration Sampler, ScheduleType ScheduleType, bool SamplerFellBack, string? UnsupportedSchedule)
{
    /// <summary>The schedule label A1111 returns with the sampler name (before resolving Automatic).</summary>
    public string ScheduleLabel => ScheduleTypeNames.Label(ScheduleType);
}
