using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace WebUi.Infotext;

/// <summary>
/// Reads an A1111 "parameters" infotext the way A1111's <c>parse_generation_parameters</c> does
/// (modules/infotext_utils.py; docs A1111.md §2.3), so PNGs from either app give the same fields.
/// </summary>
public static partial class InfotextParser
{
    /// <summary>A1111's defaults for keys absent from older infotexts (infotext_utils.py, after the field loop).</summary>
    private static readonly (string Key, string Value)[] s_defaults =
    [
        ("Clip skip", "1"),
        ("Hires resize-1", "0"),
        ("Hires resize-2", "0"),
        ("Hires sampler", "Use same sampler"),
        ("Hires schedule type", "Use same scheduler"),
        ("Hires checkpoint", "Use same checkpoint"),
        ("Hires prompt", ""),
        ("Hires negative prompt", ""),
        ("Mask mode", "Inpaint masked"),
        ("Masked content", "original"),
        ("Inpaint area", "Whole picture"),
        ("Masked area padding", "32"),
        ("RNG", "GPU"),
        ("Schedule type", "Automatic"),
        ("Schedule max sigma", "0"),
        ("Schedule min sigma", "0"),
        ("Schedule rho", "0"),
        ("VAE Encoder", "Full"),
        ("VAE Decoder", "Full"),
        ("FP8 weight", "Disable"),
    ];

    /// <summary>
    /// Splits <paramref name="infotext"/> into prompt, negative prompt and the fields of its last line, in the order written.
    /// Values stay strings; <c>WxH</c> values become <c>Key-1</c>/<c>Key-2</c>; no defaults are added.
    /// </summary>
    public static InfotextParameters Parse(string infotext)
    {
        ArgumentNullException.ThrowIfNull(infotext);
        var lines = infotext.Trim().Split('\n').ToList();
        var lastLine = lines[^1];
        lines.RemoveAt(lines.Count - 1);

        // The last line holds the parameters only when it has at least three "Key: value" pairs.
        if (ParamRegex().Count(lastLine) < 3)
        {
            lines.Add(lastLine);
            lastLine = string.Empty;
        }

        var prompt = new List<string>();
        var negative = new List<string>();
        var doneWithPrompt = false;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith("Negative prompt:", StringComparison.Ordinal))
            {
                doneWithPrompt = true;
                line = line["Negative prompt:".Length..].Trim();
            }

            (doneWithPrompt ? negative : prompt).Add(line);
        }

        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match match in ParamRegex().Matches(lastLine))
        {
            var key = match.Groups[1].Value;
            var value = match.Groups[2].Value;

            // A1111 indexes v[0], so an empty value raises and is skipped.
            if (value.Length == 0)
            {
                continue;
            }

            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = Unquote(value);
            }

            var size = ImageSizeRegex().Match(value);
            if (size.Success)
            {
                Set(fields, key + "-1", size.Groups[1].Value);
                Set(fields, key + "-2", size.Groups[2].Value);
            }
            else
            {
                Set(fields, key, value);
            }
        }

        return new InfotextParameters(string.Join('\n', prompt), string.Join('\n', negative), fields);
    }

    /// <summary>
    /// The dictionary A1111's <c>parse_generation_parameters</c> returns: "Prompt", "Negative prompt", every field, and
    /// A1111's defaults for absent keys.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseGenerationParameters(string infotext)
    {
        var parsed = Parse(infotext);
        var result = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Prompt"] = parsed.Prompt,
            ["Negative prompt"] = parsed.NegativePrompt,
        };
        foreach (var (key, value) in parsed.Fields)
        {
            result[key] = value;
        }

        foreach (var (key, value) in s_defaults)
        {
            result.TryAdd(key, value);
        }

        // A1111 fills "Emphasis: Original" only when the prompt or negative prompt actually carries weights.
        if (!result.ContainsKey("Emphasis") && UsesEmphasis(parsed.Prompt, parsed.NegativePrompt))
        {
            result["Emphasis"] = "Original";
        }

        return result;
    }

    private static bool UsesEmphasis(string prompt, string negativePrompt) =>
        Engine.TextEncoding.PromptAttentionParser.Parse(prompt)
            .Concat(Engine.TextEncoding.PromptAttentionParser.Parse(negativePrompt))
            .Any(part => part.Weight != 1.0 && !part.IsBreak);

    /// <summary>JSON-unquotes like Python's json.loads; a value that is not valid JSON is kept as written (A1111's unquote).</summary>
    private static string Unquote(string value)
    {
        try
        {
            return JsonSerializer.Deserialize<string>(value) ?? value;
        }
        catch (JsonException)
        {
            return value;
        }
    }

    private static void Set(List<KeyValuePair<string, string>> fields, string key, string value)
    {
        // A repeated key keeps its first position and its last value, as a Python dict does.
        var index = fields.FindIndex(f => f.Key == key);
        if (index >= 0)
        {
            fields[index] = new(key, value);
        }
        else
        {
            fields.Add(new(key, value));
        }
    }

    // A1111's re_param and re_imagesize, unchanged.
    [GeneratedRegex("""\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)""", RegexOptions.CultureInvariant)]
    private static partial Regex ParamRegex();

    [GeneratedRegex(@"^(\d+)x(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ImageSizeRegex();

    internal static int? ParseInt(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    internal static long? ParseLong(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    internal static double? ParseDouble(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
