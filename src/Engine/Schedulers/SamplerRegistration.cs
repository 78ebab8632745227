namespace Engine.Schedulers;

/// <summary>
/// One entry of the sampler list (A1111's <c>SamplerData</c>: name, aliases, options): the sampler and the traits the
/// UI, the API (<c>/sdapi/v1/samplers</c>) and the pipeline need without running it.
/// </summary>
/// <param name="Sampler">The sampler; stateless, shared by every run.</param>
/// <param name="Aliases">Legacy names such as "k_euler_a" (A1111's <c>aliases</c>).</param>
public sealed record SamplerRegistration(ISampler Sampler, IReadOnlyList<string> Aliases)
{
    /// <summary>The A1111 name.</summary>
    public string Name => Sampler.Name;

    /// <summary>A1111's <c>scheduler</c> option: what "Automatic" resolves to; Automatic when the sampler has no default.</summary>
    public ScheduleType DefaultScheduleType { get; init; }

    /// <summary>A1111's <c>discard_next_to_last_sigma</c> option.</summary>
    public bool DiscardsNextToLastSigma { get; init; }

    /// <summary>A1111's <c>uses_ensd</c>: its extra noise comes from generators re-seeded with seed + ENSD.</summary>
    public bool UsesEnsd { get; init; }

    /// <summary>A1111's <c>second_order</c>: two model calls per step (A1111 doubles its progress total).</summary>
    public bool SecondOrder { get; init; }

    /// <summary>A1111's <c>brownian_noise</c>: its noise comes from a Brownian tree rather than fresh draws.</summary>
    public bool BrownianNoise { get; init; }

    /// <summary>A k-diffusion sampler's entry, taking its schedule defaults from the sampler itself.</summary>
    public static SamplerRegistration For(KDiffusionSampler sampler, params string[] aliases)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        return new SamplerRegistration(sampler, aliases)
        {
            DefaultScheduleType = sampler.DefaultScheduleType,
            DiscardsNextToLastSigma = sampler.DiscardsNextToLastSigma,
        };
    }
}
