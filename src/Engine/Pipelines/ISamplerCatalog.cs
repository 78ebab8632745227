using Engine.Schedulers;

namespace Engine.Pipelines;

/// <summary>
/// Finds samplers by A1111 name. Like A1111's <c>get_sampler_and_scheduler</c> it should not fail on unknown names
/// (legacy names ending in a schedule label are split; anything else falls back to the default sampler); the sampler
/// registry implements it.
/// </summary>
public interface ISamplerCatalog
{
    /// <summary>The sampler for <paramref name="samplerName"/> and <paramref name="scheduleType"/>.</summary>
    ResolvedSampler Resolve(string samplerName, ScheduleType scheduleType, SamplerOptions options);
}
