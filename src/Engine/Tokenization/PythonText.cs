using System.Buffers;
using System.Globalization;
using System.Text;

namespace Engine.Tokenization;

/// <summary>
/// Python <c>str</c> semantics the CLIP reference tokenizers rely on (<c>isspace</c>, <c>strip</c>, <c>lower</c>,
/// <c>re.sub(r"\s+", " ", …)</c>), which differ from .NET's in a few code points.
/// </summary>
internal static class PythonText
{
    /// <summary>Python's <c>str.isspace()</c> for one UTF-16 unit (no whitespace lies outside the BMP).</summary>
    public static bool IsWhitespace(char c) => c switch
    {
        >= '\t' and <= '\r' => true,
        >= '\x1c' and <= '\x20' => true,
        '\x85' or '\xa0' or '\u1680' or '\u2028' or '\u2029' or '\u202f' or '\u205f' or '\u3000' => true,
        >= '\u2000' and <= '\u200a' => true,
        _ => false,
    };

    /// <summary><c>str.strip()</c>.</summary>
    public static string Strip(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsWhitespace(text[start]))
        {
            start++;
        }

        while (end > start && IsWhitespace(text[end - 1]))
        {
            end--;
        }

        return start == 0 && end == text.Length ? text : text[start..end];
    }

    /// <summary><c>re.sub(r"\s+", " ", text).strip()</c>: every whitespace run becomes one space.</summary>
    public static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (IsWhitespace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// <c>str.lower()</c>. .NET's invariant lower-casing uses simple case mappings; Python uses the full ones, which
    /// differ for U+0130 (to "i" + U+0307) and for a capital sigma that ends a word (to the final form U+03C2).
    /// </summary>
    public static string ToLower(string text)
    {
        var lower = text.ToLowerInvariant();
        if (!text.Contains('\u0130', StringComparison.Ordinal) && !text.Contains('\u03a3', StringComparison.Ordinal))
        {
            return lower;
        }

        var builder = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\u0130':
                    builder.Append("i\u0307");
                    break;
                case '\u03a3':
                    builder.Append(IsFinalSigma(text, i) ? '\u03c2' : '\u03c3');
                    break;
                default:
                    builder.Append(lower[i]);
                    break;
            }
        }

        return builder.ToString();
    }

    // Unicode's Final_Sigma condition as CPython applies it: a cased letter before (skipping case-ignorable
    // characters) and none after. Walks code points, since emoji modifiers and math letters lie outside the BMP.
    private static bool IsFinalSigma(string text, int index)
    {
        var before = text.AsSpan(0, index);
        while (Rune.DecodeLastFromUtf16(before, out var rune, out var length) == OperationStatus.Done)
        {
            if (!IsCaseIgnorable(rune))
            {
                if (!IsCased(rune))
                {
                    return false;
                }

                break;
            }

            before = before[..^length];
        }

        if (before.IsEmpty)
        {
            return false;
        }

        var after = text.AsSpan(index + 1);
        while (Rune.DecodeFromUtf16(after, out var rune, out var length) == OperationStatus.Done)
        {
            if (!IsCaseIgnorable(rune))
            {
                return !IsCased(rune);
            }

            after = after[length..];
        }

        return true;
    }

    private static bool IsCased(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter
        or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter;

    private static bool IsCaseIgnorable(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark
        or UnicodeCategory.EnclosingMark or UnicodeCategory.Format or UnicodeCategory.ModifierLetter
        or UnicodeCategory.ModifierSymbol || rune.Value is '\'' or '.' or ':' or 0xB7 or 0x2019;
}
