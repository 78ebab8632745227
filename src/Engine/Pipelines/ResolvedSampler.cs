using Engine.Schedulers;

namespace Engine.Pipelines;

/// <summary>A sampler the catalog picked for a request, with what the infotext and the guidance need to know.</summary>
/// <param name="Sampler">The sampler to run.</param>
/// <param name="Name">Its A1111 name after fallback and legacy-name splitting (infotext <c>Sampler:</c>).</param>
/// <param name="ScheduleLabel">The schedule type label to record (infotext <c>Schedule type:</c>), e.g. "Karras" for DPM++ 2M + Automatic.</param>
/// <param name="ScheduleType">The schedule type to sample with.</param>
public sealed record ResolvedSampler(ISampler Sampler, string Name, string ScheduleLabel, ScheduleType ScheduleType)
{
    /// <summary>Whether the sampler draws ancestral noise re-seeded with ENSD (A1111 <c>uses_ensd</c> and eta ≠ 0).</summary>
    public bool UsesEtaNoiseSeedDelta { get; init; }

    /// <summary>
    /// Model calls per user step A1111 plans for (2 for second-order samplers, <c>SamplerData.total_steps</c>): prompt
    /// editing schedules are built for steps × this, because the CFG denoiser counts model calls.
    /// </summary>
    public int StepMultiplier { get; init; } = 1;

    public GuidanceSemantics Guidance { get; init; } = GuidanceSemantics.A1111;

    /// <summary>Extra infotext fields in order (e.g. <c>Eta</c>, <c>Discard penultimate sigma</c>), values already formatted.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> InfotextFields { get; init; } = [];
}
