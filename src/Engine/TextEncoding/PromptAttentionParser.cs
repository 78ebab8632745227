using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Engine.TextEncoding;

/// <summary>
/// AUTOMATIC1111's <c>parse_prompt_attention</c> (v1.10.1): <c>(x)</c> ×1.1, <c>[x]</c> ÷1.1, <c>(x:w)</c> ×w,
/// nesting multiplies, <c>\( \) \[ \] \\</c> are literals, unclosed brackets reach the end of the text, equal
/// adjacent weights merge, and a separate word <c>BREAK</c> becomes <c>("BREAK", −1)</c>.
/// </summary>
public static partial class PromptAttentionParser
{
    private const double RoundMultiplier = 1.1;
    private const double SquareMultiplier = 1 / 1.1;

    /// <summary>Splits <paramref name="text"/> into weighted runs; never empty (an empty prompt gives ("", 1)).</summary>
    public static IReadOnlyList<WeightedText> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var texts = new List<string>();
        var weights = new List<double>();
        var roundBrackets = new Stack<int>();
        var squareBrackets = new Stack<int>();

        void MultiplyFrom(int start, double multiplier)
        {
            for (var p = start; p < weights.Count; p++)
            {
                weights[p] *= multiplier;
            }
        }

        foreach (Match match in AttentionTokenRegex().Matches(text))
        {
            var token = match.Value;
            var weightGroup = match.Groups[1];
            if (token.StartsWith('\\'))
            {
                texts.Add(token[1..]);
                weights.Add(1.0);
            }
            else if (token == "(")
            {
                roundBrackets.Push(texts.Count);
            }
            else if (token == "[")
            {
                squareBrackets.Push(texts.Count);
            }
            else if (weightGroup.Success && roundBrackets.Count > 0 && TryParsePythonFloat(weightGroup.Value, out var weight))
            {
                MultiplyFrom(roundBrackets.Pop(), weight);
            }
            else if (token == ")" && roundBrackets.Count > 0)
            {
                MultiplyFrom(roundBrackets.Pop(), RoundMultiplier);
            }
            else if (token == "]" && squareBrackets.Count > 0)
            {
                MultiplyFrom(squareBrackets.Pop(), SquareMultiplier);
            }
            else
            {
                var parts = BreakRegex().Split(token);
                for (var i = 0; i < parts.Length; i++)
                {
                    if (i > 0)
                    {
                        texts.Add("BREAK");
                        weights.Add(-1);
                    }

                    texts.Add(parts[i]);
                    weights.Add(1.0);
                }
            }
        }

        // Python iterates the remaining list from the bottom (first opened) upwards.
        foreach (var position in roundBrackets.Reverse())
        {
            MultiplyFrom(position, RoundMultiplier);
        }

        foreach (var position in squareBrackets.Reverse())
        {
            MultiplyFrom(position, SquareMultiplier);
        }

        if (texts.Count == 0)
        {
            return [new WeightedText(string.Empty, 1.0)];
        }

        var result = new List<WeightedText>();
        var current = new StringBuilder(texts[0]);
        var currentWeight = weights[0];
        for (var i = 1; i < texts.Count; i++)
        {
            if (weights[i] == currentWeight)
            {
                current.Append(texts[i]);
                continue;
            }

            result.Add(new WeightedText(current.ToString(), currentWeight));
            current.Clear().Append(texts[i]);
            currentWeight = weights[i];
        }

        result.Add(new WeightedText(current.ToString(), currentWeight));
        return result;
    }

    // Python's float() accepts any Unicode decimal digits, which \d matches; a malformed number such as "1.2.3"
    // raises in A1111 (the whole generation fails), whereas here the token is kept as text.
    private static bool TryParsePythonFloat(string text, out double value)
    {
        var ascii = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            ascii.Append(char.IsDigit(c) ? (char)('0' + (int)char.GetNumericValue(c)) : c);
        }

        return double.TryParse(ascii.ToString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out value);
    }

    [GeneratedRegex(@"\\\(|\\\)|\\\[|\\]|\\\\|\\|\(|\[|:\s*([+-]?[.\d]+)\s*\)|\)|]|[^\\()\[\]:]+|:")]
    private static partial Regex AttentionTokenRegex();

    [GeneratedRegex(@"\s*\bBREAK\b\s*", RegexOptions.Singleline)]
    private static partial Regex BreakRegex();
}
