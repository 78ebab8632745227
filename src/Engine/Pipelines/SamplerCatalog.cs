using Engine.Schedulers;
using Engine.Schedulers.Diffusers;

namespace Engine.Pipelines;

/// <summary>
/// The pipeline's view of the <see cref="SamplerRegistry"/>: A1111's forgiving lookup plus what the infotext, the noise
/// and the guidance need to know about the chosen sampler.
/// </summary>
public sealed class SamplerCatalog : ISamplerCatalog
{
    private readonly SamplerRegistry _registry;

    public SamplerCatalog(SamplerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
    }

    /// <summary>Every sampler this engine implements.</summary>
    public static SamplerCatalog Default { get; } = new(SamplerRegistry.Default);

    public ResolvedSampler Resolve(string samplerName, ScheduleType scheduleType, SamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var selection = _registry.Resolve(samplerName, ScheduleTypeNames.Label(scheduleType));
        var registration = selection.Sampler;
        // A1111 writes the schedule a k-diffusion sampler really used: its default when "Automatic" was asked for.
        var used = selection.ScheduleType == ScheduleType.Automatic ? registration.DefaultScheduleType : selection.ScheduleType;
        var isDefault = registration.Sampler is ModelDefaultSampler;
        var usesAncestralEta = registration.UsesEnsd || registration.BrownianNoise;
        var fields = new List<KeyValuePair<string, string>>();
        if (usesAncestralEta && options.EtaAncestral != 1.0)
        {
            fields.Add(new("Eta", PythonFormat.Float(options.EtaAncestral)));
        }

        if (registration.Sampler is DdimSampler && options.EtaDdim != 0.0)
        {
            fields.Add(new("Eta DDIM", PythonFormat.Float(options.EtaDdim)));
        }

        if (options.DiscardNextToLastSigma && !registration.DiscardsNextToLastSigma)
        {
            fields.Add(new("Discard penultimate sigma", "True"));
        }

        return new ResolvedSampler(registration.Sampler, registration.Name, ScheduleTypeNames.Label(used), selection.ScheduleType)
        {
            UsesEtaNoiseSeedDelta = registration.UsesEnsd && options.EtaAncestral != 0,
            StepMultiplier = registration.SecondOrder ? 2 : 1,
            Guidance = isDefault ? GuidanceSemantics.Diffusers : GuidanceSemantics.A1111,
            InfotextFields = fields,
        };
    }
}
