using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Engine.Pipelines;

namespace WebUi.Data;

/// <summary>What a file name pattern's tags stand for, for one image.</summary>
/// <param name="Request">The job.</param>
/// <param name="Seed">The image's seed.</param>
/// <param name="ModelName">The model id.</param>
/// <param name="LocalDate">The day folder's date.</param>
/// <param name="IndexInBatch">0-based position of the image within its batch.</param>
public sealed record FilenameContext(GenerationRequest Request, long Seed, string ModelName, DateTime LocalDate, int IndexInBatch);

/// <summary>
/// A1111's file name patterns (images.py <c>FilenameGenerator</c>): <c>[seed] [steps] [cfg] [sampler] [model_name]
/// [date] [prompt_words] [batch_number] [none]</c>; unknown tags stay as written. The result is sanitized as A1111's
/// <c>sanitize_filename_part</c> does, and more: no separators, no control characters, no leading dots, at most 128
/// characters, so a name can never leave its folder.
/// </summary>
public static partial class FilenamePattern
{
    public const string Default = "[seed]";

    /// <summary>Longest name part, as A1111's <c>max_filename_part_length</c>.</summary>
    public const int MaxLength = 128;

    /// <summary>Words taken by <c>[prompt_words]</c> (A1111's <c>directories_max_prompt_words</c>).</summary>
    public const int MaxPromptWords = 8;

    /// <summary>The sanitized name part for <paramref name="context"/> (without counter or extension); may be empty.</summary>
    public static string Expand(string? pattern, FilenameContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        pattern = string.IsNullOrWhiteSpace(pattern) ? Default : pattern;
        var expanded = TagRegex().Replace(pattern, match => Tag(match.Groups[1].Value, context) ?? match.Value);
        return Sanitize(expanded);
    }

    /// <summary>Replaces every character a file name must not hold, trims spaces and dots, caps the length.</summary>
    public static string Sanitize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            builder.Append(char.IsControl(ch) || ch is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : ch);
        }

        var result = builder.ToString().Trim().TrimStart('.').Trim();
        if (result.Length > MaxLength)
        {
            result = result[..MaxLength];
            // Do not cut a surrogate pair in half.
            if (char.IsHighSurrogate(result[^1]))
            {
                result = result[..^1];
            }
        }

        return result.TrimEnd(' ', '.');
    }

    private static string? Tag(string tag, FilenameContext c) => tag.ToLowerInvariant() switch
    {
        "seed" => c.Seed.ToString(CultureInfo.InvariantCulture),
        "steps" => c.Request.Steps.ToString(CultureInfo.InvariantCulture),
        "cfg" => PythonFormat.Float(c.Request.CfgScale),
        "sampler" => c.Request.SamplerName,
        "model_name" => c.ModelName,
        "date" => c.LocalDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "prompt_words" => PromptWords(c.Request.Prompt),
        "batch_number" => c.Request.BatchSize == 1 ? "" : (c.IndexInBatch + 1).ToString(CultureInfo.InvariantCulture),
        "none" => "",
        _ => null,
    };

    private static string PromptWords(string prompt)
    {
        var words = NonWordRegex().Split(prompt).Where(w => w.Length > 0).Take(MaxPromptWords);
        var joined = string.Join(' ', words);
        return joined.Length == 0 ? "empty prompt" : joined;
    }

    [GeneratedRegex(@"\[(\w+)\]")]
    private static partial Regex TagRegex();

    // A1111's re_nonletters for prompt words: whitespace, quotes, brackets, parentheses, commas and other punctuation.
    [GeneratedRegex(@"[\s\p{P}\p{S}]+")]
    private static partial Regex NonWordRegex();
}
