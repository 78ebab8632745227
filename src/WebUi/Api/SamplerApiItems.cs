using System.Text.Json.Serialization;
using Engine.Schedulers;

namespace WebUi.Api;

/// <summary>One entry of <c>GET /sdapi/v1/samplers</c> (A1111's <c>SamplerItem</c>; <c>options</c> is <c>dict[str, str]</c>).</summary>
public sealed record SamplerApiItem(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("aliases")] IReadOnlyList<string> Aliases,
    [property: JsonPropertyName("options")] IReadOnlyDictionary<string, string> Options)
{
    /// <summary>The entry for <paramref name="registration"/>, with A1111's option names and Python's "True".</summary>
    public static SamplerApiItem From(SamplerRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        if (registration.DefaultScheduleType != ScheduleType.Automatic)
        {
            options["scheduler"] = ScheduleTypeNames.Name(registration.DefaultScheduleType);
        }

        if (registration.DiscardsNextToLastSigma)
        {
            options["discard_next_to_last_sigma"] = "True";
        }

        if (registration.SecondOrder)
        {
            options["second_order"] = "True";
        }

        if (registration.BrownianNoise)
        {
            options["brownian_noise"] = "True";
        }

        if (registration.UsesEnsd)
        {
            options["uses_ensd"] = "True";
        }

        return new SamplerApiItem(registration.Name, registration.Aliases, options);
    }
}

/// <summary>One entry of <c>GET /sdapi/v1/schedulers</c> (A1111's <c>SchedulerItem</c>).</summary>
public sealed record SchedulerApiItem(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("aliases")] IReadOnlyList<string>? Aliases,
    [property: JsonPropertyName("default_rho")] double DefaultRho,
    [property: JsonPropertyName("need_inner_model")] bool NeedInnerModel)
{
    /// <summary>The entry for <paramref name="type"/> (A1111 modules/sd_schedulers.py).</summary>
    public static SchedulerApiItem From(ScheduleType type) => new(
        ScheduleTypeNames.Name(type),
        ScheduleTypeNames.Label(type),
        type == ScheduleType.SgmUniform ? ["SGMUniform"] : null,
        ScheduleTypeNames.DefaultRho(type),
        type is ScheduleType.Uniform or ScheduleType.SgmUniform);
}
