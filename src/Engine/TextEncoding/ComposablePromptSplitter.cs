using System.Globalization;
using System.Text.RegularExpressions;

namespace Engine.TextEncoding;

/// <summary>
/// AUTOMATIC1111's composable-diffusion split (<c>get_multicond_prompt_list</c>, v1.10.1): the prompt is cut at
/// every word <c>AND</c> (upper case, <c>\bAND\b</c>) and each part may end in <c>:weight</c> (default 1).
/// </summary>
public static partial class ComposablePromptSplitter
{
    /// <summary>The sub-prompts with their weights, in order; the text keeps its leading whitespace, as in A1111.</summary>
    public static IReadOnlyList<WeightedText> Split(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var parts = new List<WeightedText>();
        foreach (var subPrompt in AndRegex().Split(prompt))
        {
            var match = WeightRegex().Match(subPrompt);
            var weight = match.Groups[2].Success
                ? double.Parse(match.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture)
                : 1.0;
            parts.Add(new WeightedText(match.Groups[1].Value, weight));
        }

        return parts;
    }

    [GeneratedRegex(@"\bAND\b")]
    private static partial Regex AndRegex();

    [GeneratedRegex(@"^((?:\s|.)*?)(?:\s*:\s*([-+]?(?:[0-9]+\.?|[0-9]*\.[0-9]+)))?\s*$")]
    private static partial Regex WeightRegex();
}
