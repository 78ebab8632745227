namespace WebUi.Infotext;

/// <summary>
/// A parsed infotext: prompt, negative prompt, and the "Key: value" fields as written (strings, <c>WxH</c> split into
/// <c>Key-1</c>/<c>Key-2</c>). The typed properties read the fields the txt2img and img2img pages fill in and are null
/// when a field is absent or not a number.
/// </summary>
public sealed class InfotextParameters
{
    private readonly Dictionary<string, string> _lookup;

    public InfotextParameters(string prompt, string negativePrompt, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        Prompt = prompt;
        NegativePrompt = negativePrompt;
        Fields = fields;
        _lookup = fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
    }

    public string Prompt { get; }

    public string NegativePrompt { get; }

    /// <summary>The fields in the order the infotext lists them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }

    public string? this[string key] => _lookup.GetValueOrDefault(key);

    public int? Steps => InfotextParser.ParseInt(this["Steps"]);

    /// <summary>A1111 sampler name ("DPM++ 2M", "Euler a").</summary>
    public string? Sampler => this["Sampler"];

    /// <summary>"Karras", "Automatic", ...; null when the infotext predates schedule types.</summary>
    public string? ScheduleType => this["Schedule type"];

    public double? CfgScale => InfotextParser.ParseDouble(this["CFG scale"]);

    public long? Seed => InfotextParser.ParseLong(this["Seed"]);

    public int? Width => InfotextParser.ParseInt(this["Size-1"]);

    public int? Height => InfotextParser.ParseInt(this["Size-2"]);

    public long? VariationSeed => InfotextParser.ParseLong(this["Variation seed"]);

    public double? VariationStrength => InfotextParser.ParseDouble(this["Variation seed strength"]);

    public int? SeedResizeFromWidth => InfotextParser.ParseInt(this["Seed resize from-1"]);

    public int? SeedResizeFromHeight => InfotextParser.ParseInt(this["Seed resize from-2"]);

    public double? DenoisingStrength => InfotextParser.ParseDouble(this["Denoising strength"]);

    public string? Model => this["Model"];
}
