using System.Globalization;
using System.Text;

namespace Engine.Tokenization;

/// <summary>
/// CLIP's pre-tokenizer, the regex
/// <c>&lt;|startoftext|&gt;|&lt;|endoftext|&gt;|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+</c>
/// (case-insensitive) applied with <c>findall</c>, written as a scanner over code points.
/// </summary>
/// <remarks>
/// .NET's <see cref="System.Text.RegularExpressions.Regex"/> classifies UTF-16 code units, so a letter or digit
/// outside the BMP (CJK extension B ideographs, mathematical alphanumerics) would count as "other" and split a word
/// that Python's <c>regex</c> module keeps whole. Walking <see cref="Rune"/>s gives Python's behaviour.
/// </remarks>
internal static class ClipPreTokenizer
{
    private static readonly string[] s_contractions = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d"];

    /// <summary>Splits normalized text into pre-tokens; whitespace between them is dropped.</summary>
    public static List<string> Split(string text, IReadOnlyList<string> specialTokens)
    {
        var pieces = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (MatchLiteral(text, i, specialTokens) is { } special)
            {
                pieces.Add(text.Substring(i, special));
                i += special;
                continue;
            }

            if (MatchLiteral(text, i, s_contractions) is { } contraction)
            {
                pieces.Add(text.Substring(i, contraction));
                i += contraction;
                continue;
            }

            var rune = Rune.GetRuneAt(text, i);
            var kind = Classify(rune);
            if (kind == CharKind.Space)
            {
                i += rune.Utf16SequenceLength;
                continue;
            }

            var start = i;
            i += rune.Utf16SequenceLength;
            if (kind != CharKind.Number)
            {
                while (i < text.Length)
                {
                    var next = Rune.GetRuneAt(text, i);
                    if (Classify(next) != kind)
                    {
                        break;
                    }

                    i += next.Utf16SequenceLength;
                }
            }

            pieces.Add(text[start..i]);
        }

        return pieces;
    }

    private static int? MatchLiteral(string text, int index, IReadOnlyList<string> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (string.Compare(text, index, candidate, 0, candidate.Length, StringComparison.OrdinalIgnoreCase) == 0
                && index + candidate.Length <= text.Length)
            {
                return candidate.Length;
            }
        }

        return null;
    }

    private static CharKind Classify(Rune rune)
    {
        if (rune.IsBmp && PythonText.IsWhitespace((char)rune.Value))
        {
            return CharKind.Space;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharKind.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber =>
                CharKind.Number,
            _ => CharKind.Other,
        };
    }

    private enum CharKind
    {
        Space,
        Letter,
        Number,
        Other,
    }
}
