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
        _ = create(config);
        return new DefaultSampler(name, create);
    }
}
