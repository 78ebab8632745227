namespace Engine.Schedulers;

/// <summary>
/// The samplers in AUTOMATIC1111's UI order (modules/sd_samplers.py <c>all_samplers</c>) with its lookups: exact names
/// (<c>all_samplers_map</c>), case-insensitive names and aliases (<c>samplers_map</c>), and the forgiving
/// sampler + schedule resolution of <c>get_sampler_and_scheduler</c>.
/// </summary>
public sealed class SamplerRegistry
{
    // A1111 modules/sd_schedulers.py schedule types this engine does not implement, in A1111's order after the
    // supported ones (name, label): recognised so "Euler Beta" still splits like A1111, then run as Automatic.
    private static readonly (string Name, string Label)[] s_unsupportedSchedules =
    [
        ("kl_optimal", "KL Optimal"),
        ("align_your_steps", "Align Your Steps"),
        ("simple", "Simple"),
        ("normal", "Normal"),
        ("ddim", "DDIM"),
        ("beta", "Beta"),
    ];

    private readonly Dictionary<string, SamplerRegistration> _byName;
    private readonly Dictionary<string, SamplerRegistration> _byNameOrAlias;

    /// <summary>Builds a registry; the first entry is the fallback for unknown names.</summary>
    public SamplerRegistry(IEnumerable<SamplerRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        All = [.. registrations];
        if (All.Count == 0)
        {
            throw new ArgumentException("A registry needs at least one sampler.", nameof(registrations));
        }

        _byName = new Dictionary<string, SamplerRegistration>(StringComparer.Ordinal);
        _byNameOrAlias = new Dictionary<string, SamplerRegistration>(StringComparer.OrdinalIgnoreCase);
        foreach (var registration in All)
        {
            _byName.TryAdd(registration.Name, registration);
            _byNameOrAlias.TryAdd(registration.Name, registration);
            foreach (var alias in registration.Aliases)
            {
                _byNameOrAlias.TryAdd(alias, registration);
            }
        }
    }

    /// <summary>Every sampler this engine implements, in A1111's order (k-diffusion first, then the timestep samplers).</summary>
    public static SamplerRegistry Default { get; } = new(BuiltIn());

    /// <summary>The samplers in UI order.</summary>
    public IReadOnlyList<SamplerRegistration> All { get; }

    /// <summary>Exact, case-sensitive name lookup (A1111's <c>all_samplers_map</c>, what processing and the API use).</summary>
    public SamplerRegistration? Find(string? name) => name is not null && _byName.TryGetValue(name, out var found) ? found : null;

    /// <summary>Case-insensitive lookup of a name or alias such as "k_dpmpp_2m" (A1111's <c>samplers_map</c>, used by the X/Y/Z plot).</summary>
    public SamplerRegistration? FindByNameOrAlias(string? name) =>
        name is not null && _byNameOrAlias.TryGetValue(name, out var found) ? found : null;

    /// <summary>
    /// A1111's <c>get_sampler_and_scheduler</c>: a schedule label or name at the end of the sampler name is split off
    /// ("DPM++ 2M Karras" → DPM++ 2M, Karras), an unknown sampler falls back to the first one, an unknown schedule to
    /// Automatic, and with <paramref name="convertAutomatic"/> a schedule equal to the sampler's default becomes
    /// Automatic.
    /// </summary>
    public SamplerSelection Resolve(string? samplerName, string? scheduleName, bool convertAutomatic = true)
    {
        string? unsupported = null;
        var schedule = ScheduleType.Automatic;
        if (!ScheduleTypeNames.TryParse(scheduleName, out schedule))
        {
            schedule = ScheduleType.Automatic;
            unsupported = UnsupportedLabel(scheduleName);
        }

        var name = string.IsNullOrEmpty(samplerName) ? All[0].Name : samplerName;
        foreach (var type in Enum.GetValues<ScheduleType>())
        {
            if (StripSuffix(ref name, ScheduleTypeNames.Spellings(type)))
            {
                schedule = type;
                unsupported = null;
            }
        }

        foreach (var (scheduleInternalName, label) in s_unsupportedSchedules)
        {
            if (StripSuffix(ref name, [label, scheduleInternalName]))
            {
                schedule = ScheduleType.Automatic;
                unsupported = label;
            }
        }

        var sampler = Find(name);
        var fellBack = sampler is null;
        sampler ??= All[0];
        if (convertAutomatic && sampler.DefaultScheduleType != ScheduleType.Automatic && schedule == sampler.DefaultScheduleType)
        {
            schedule = ScheduleType.Automatic;
        }

        return new SamplerSelection(sampler, schedule, fellBack, unsupported);
    }

    private static string? UnsupportedLabel(string? scheduleName)
    {
        foreach (var (name, label) in s_unsupportedSchedules)
        {
            if (scheduleName == name || scheduleName == label)
            {
                return label;
            }
        }

        return null;
    }

    private static bool StripSuffix(ref string name, IEnumerable<string> spellings)
    {
        foreach (var spelling in spellings)
        {
            if (name.EndsWith(" " + spelling, StringComparison.Ordinal))
            {
                name = name[..^(spelling.Length + 1)];
                return true;
            }
        }

        return false;
    }

    // A1111 v1.10.1 modules/sd_samplers_kdiffusion.py samplers_k_diffusion (DPM fast, DPM adaptive and Restart are not
    // implemented), then modules/sd_samplers_timesteps.py and sd_samplers_lcm.py.
    private static IEnumerable<SamplerRegistration> BuiltIn() =>
    [
        SamplerRegistration.For(new DpmPp2MSampler(), "k_dpmpp_2m"),
        SamplerRegistration.For(new DpmPpSdeSampler(), "k_dpmpp_sde") with { SecondOrder = true, BrownianNoise = true },
        SamplerRegistration.For(new DpmPp2MSdeSampler(), "k_dpmpp_2m_sde") with { BrownianNoise = true },
        SamplerRegistration.For(new DpmPp2MSdeSampler(heun: true), "k_dpmpp_2m_sde_heun") with { BrownianNoise = true },
        SamplerRegistration.For(new DpmPp2SAncestralSampler(), "k_dpmpp_2s_a") with { UsesEnsd = true, SecondOrder = true },
        SamplerRegistration.For(new DpmPp3MSdeSampler(), "k_dpmpp_3m_sde") with { BrownianNoise = true },
        SamplerRegistration.For(new EulerAncestralSampler(), "k_euler_a", "k_euler_ancestral") with { UsesEnsd = true },
        SamplerRegistration.For(new EulerSampler(), "k_euler"),
        SamplerRegistration.For(new LmsSampler(), "k_lms"),
        SamplerRegistration.For(new HeunSampler(), "k_heun") with { SecondOrder = true },
        SamplerRegistration.For(new Dpm2Sampler(), "k_dpm_2") with { SecondOrder = true },
        SamplerRegistration.For(new Dpm2AncestralSampler(), "k_dpm_2_a") with { UsesEnsd = true, SecondOrder = true },

        // modules/sd_samplers_timesteps.py (DDIM CFG++ and LCM are not implemented), then our "Default": the model's own
        // diffusers scheduler.
        new SamplerRegistration(new DdimSampler(), ["ddim"]),
        new SamplerRegistration(new PlmsSampler(), ["plms"]),
        new SamplerRegistration(new UniPcSampler(), ["unipc"]),
        new SamplerRegistration(new Diffusers.ModelDefaultSampler(), ["default"]),
    ];
}
