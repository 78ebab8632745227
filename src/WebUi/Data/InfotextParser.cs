using System.Text.Json;
using System.Text.RegularExpressions;

namespace WebUi.Data;

/// <summary>
/// Reads an A1111 parameters text back into fields, as infotext_utils.py <c>parse_generation_parameters</c> does: the
/// last line is the parameter line only when <c>re_param</c> matches it at least three times; earlier lines are the
/// prompt up to a line starting "Negative prompt:", then the negative prompt; quoted values are JSON-unquoted;
/// <c>WxH</c> values become <c>Key-1</c>/<c>Key-2</c>; all values are strings; A1111's defaults fill missing keys.
/// </summary>
public static partial class InfotextParser
{
    private const string NegativePrefix = "Negative prompt:";

    /// <summary>Every field, including "Prompt" and "Negative prompt", keyed as A1111 keys them.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string? infotext)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = (infotext ?? "").Trim().Split('\n').ToList();
        var lastLine = lines[^1];
        lines.RemoveAt(lines.Count - 1);
        if (ParamRegex().Count(lastLine) < 3)
        {
            lines.Add(lastLine);
            lastLine = "";
        }

        var prompt = "";
        var negative = "";
        var doneWithPrompt = false;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith(NegativePrefix, StringComparison.Ordinal))
            {
                doneWithPrompt = true;
                line = line[NegativePrefix.Length..].Trim();
            }

            if (doneWithPrompt)
            {
                negative += (negative.Length == 0 ? "" : "\n") + line;
            }
            else
            {
                prompt += (prompt.Length == 0 ? "" : "\n") + line;
            }
        }

        foreach (Match match in ParamRegex().Matches(lastLine))
        {
            var key = match.Groups[1].Value;
            var value = match.Groups[2].Value;
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = Unquote(value);
            }

            var size = SizeRegex().Match(value);
            if (size.Success)
            {
                result[key + "-1"] = size.Groups[1].Value;
                result[key + "-2"] = size.Groups[2].Value;
            }
            else
            {
                result[key] = value;
            }
        }

        result["Prompt"] = prompt;
        result["Negative prompt"] = negative;
        AddDefaults(result, prompt, negative);
        return result;
    }

    private static void AddDefaults(Dictionary<string, string> result, string prompt, string negative)
    {
        result.TryAdd("Clip skip", "1");
        if (!result.ContainsKey("Hires resize-1"))
        {
            result["Hires resize-1"] = "0";
            result["Hires resize-2"] = "0";
        }

        result.TryAdd("Hires sampler", "Use same sampler");
        result.TryAdd("Hires schedule type", "Use same scheduler");
        result.TryAdd("Hires checkpoint", "Use same checkpoint");
        result.TryAdd("Hires prompt", "");
        result.TryAdd("Hires negative prompt", "");
        result.TryAdd("Mask mode", "Inpaint masked");
        result.TryAdd("Masked content", "original");
        result.TryAdd("Inpaint area", "Whole picture");
        result.TryAdd("Masked area padding", "32");
        result.TryAdd("RNG", "GPU");
        result.TryAdd("Schedule type", "Automatic");
        result.TryAdd("Schedule max sigma", "0");
        result.TryAdd("Schedule min sigma", "0");
        result.TryAdd("Schedule rho", "0");
        result.TryAdd("VAE Encoder", "Full");
        result.TryAdd("VAE Decoder", "Full");
        result.TryAdd("FP8 weight", "Disable");
        if (UsesWeights(prompt) || UsesWeights(negative))
        {
            result.TryAdd("Emphasis", "Original");
        }
    }

    private static bool UsesWeights(string text) => text.AsSpan().IndexOfAny("()[]") >= 0;

    // infotext_utils.py unquote: JSON-decode, keep the text as it is when that fails.
    private static string Unquote(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<string>(text) ?? text;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    // A1111's re_param, unchanged: key (a word character, then word characters, spaces, '-' or '/'), ':', a JSON string or anything up to ','.
    [GeneratedRegex("""\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)""")]
    private static partial Regex ParamRegex();

    [GeneratedRegex(@"^(\d+)x(\d+)$")]
    private static partial Regex SizeRegex();
}
