using Engine.Models;

namespace Engine.Schedulers.Diffusers;

/// <summary>Builds the "Default" sampler for the scheduler a model's <c>scheduler_config.json</c> names.</summary>
public static class DefaultSamplerFactory
{
    private static readonly Dictionary<string, Func<SchedulerConfig, DiffusersScheduler>> s_schedulers = new(StringComparer.Ordinal)
    {
        ["PNDMScheduler"] = c => new PndmScheduler(c),
        ["DDIMScheduler"] = c => new DdimScheduler(c),
        ["EulerDiscreteScheduler"] = c => new EulerDiscreteScheduler(c),
        ["EulerAncestralDiscreteScheduler"] = c => new EulerAncestralDiscreteScheduler(c),
        ["LMSDiscreteScheduler"] = c => new LmsDiscreteScheduler(c),
        ["DPMSolverMultistepScheduler"] = c => new DpmSolverMultistepScheduler(c),
    };

    /// <summary>The diffusers scheduler classes "Default" can run.</summary>
    public static IReadOnlyCollection<string> SupportedClassNames => s_schedulers.Keys;

    /// <summary>
    /// Fills the keys <paramref name="config"/> left out with the defaults of the named diffusers class (0.25.1
    /// <c>__init__</c> signatures): <c>timestep_spacing</c> is "linspace" for the Euler, LMS and DPM-Solver schedulers
    /// and "leading" for DDIM and PNDM; PNDM's <c>set_alpha_to_one</c> defaults to false, DDIM's to true.
    /// </summary>
    internal static SchedulerConfig WithClassDefaults(SchedulerConfig config, string className)
    {
        if (config.SpecifiedKeys is not { } keys)
        {
            return config;
        }

        if (!keys.Contains("timestep_spacing"))
        {
            config = config with
            {
                TimestepSpacing = className is "DDIMScheduler" or "PNDMScheduler" ? TimestepSpacing.Leading : TimestepSpacing.Linspace,
            };
        }

        if (!keys.Contains("set_alpha_to_one"))
        {
            config = config with { SetAlphaToOne = className != "PNDMScheduler" };
        }

        return config;
    }

    /// <summary>The "Default" sampler for <paramref name="config"/>'s <c>_class_name</c>.</summary>
    /// <exception cref="NotSupportedException">The class is missing or not one of <see cref="SupportedClassNames"/>.</exception>
    public static ISampler Create(SchedulerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var name = config.ClassName;
        if (name is null || !s_schedulers.TryGetValue(name, out var create))
        {
            throw new NotSupportedException(
                $"The model's scheduler '{name ?? "(no _class_name)"}' is not supported by the Default sampler; " +
                $"supported: {string.Join(", ", s_schedulers.Keys)}.");
        }

        // Construct once so unsupported options (thresholding, zero-SNR rescaling) fail here rather than mid-run.
        _ = create(WithClassDefaults(config, name));
        return new DefaultSampler(name, c => create(WithClassDefaults(c, name)));
    }
}
