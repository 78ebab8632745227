namespace Engine.Schedulers;

/// <summary>
/// A1111's names for the schedule types (modules/sd_schedulers.py <c>schedulers</c>): the label shown in the UI and
/// written to the infotext, and the internal name the API and sampler options use.
/// </summary>
public static class ScheduleTypeNames
{
    /// <summary>The label, e.g. "Karras", "SGM Uniform".</summary>
    public static string Label(ScheduleType type) => type switch
    {
        ScheduleType.Automatic => "Automatic",
        ScheduleType.Uniform => "Uniform",
        ScheduleType.Karras => "Karras",
        ScheduleType.Exponential => "Exponential",
        ScheduleType.Polyexponential => "Polyexponential",
        ScheduleType.SgmUniform => "SGM Uniform",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The internal name, e.g. "karras", "sgm_uniform".</summary>
    public static string Name(ScheduleType type) => type switch
    {
        ScheduleType.Automatic => "automatic",
        ScheduleType.Uniform => "uniform",
        ScheduleType.Karras => "karras",
        ScheduleType.Exponential => "exponential",
        ScheduleType.Polyexponential => "polyexponential",
        ScheduleType.SgmUniform => "sgm_uniform",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>A1111's <c>default_rho</c>: 7 for Karras, 1 for Polyexponential, none (-1) otherwise.</summary>
    public static double DefaultRho(ScheduleType type) => type switch
    {
        ScheduleType.Karras => 7.0,
        ScheduleType.Polyexponential => 1.0,
        _ => -1.0,
    };

    /// <summary>
    /// A1111's <c>schedulers_map</c> lookup: exact (case-sensitive) match of a name, a label or an alias
    /// ("SGMUniform").
    /// </summary>
    public static bool TryParse(string? text, out ScheduleType type)
    {
        foreach (var candidate in Enum.GetValues<ScheduleType>())
        {
            if (text == Label(candidate) || text == Name(candidate) || (candidate == ScheduleType.SgmUniform && text == "SGMUniform"))
            {
                type = candidate;
                return true;
            }
        }

        type = ScheduleType.Automatic;
        return false;
    }

    /// <summary>Every spelling A1111 accepts for a schedule type, label first (for stripping a suffix off a sampler name).</summary>
    internal static IEnumerable<string> Spellings(ScheduleType type)
    {
        yield return Label(type);
        yield return Name(type);
        if (type == ScheduleType.SgmUniform)
        {
            yield return "SGMUniform";
        }
    }
}
