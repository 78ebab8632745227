using System.Text;
using System.Text.RegularExpressions;

namespace Engine.Tokenization;

/// <summary>
/// The text clean-up CLIP tokenizers apply before BPE: ftfy 6's default <c>fix_text</c> (<see cref="FixText"/>),
/// then OpenCLIP's <c>basic_clean</c> / <c>whitespace_clean</c> / lower-casing (<see cref="Normalize"/>).
/// </summary>
/// <remarks>
/// ftfy's mojibake repair (<c>fix_encoding</c>: re-decoding text such as "cafÃ©" that went through the wrong
/// code page) is left out. It needs ftfy's badness heuristics and eight single-byte code pages, and it only
/// changes text that was already damaged before it reached the prompt box; everything else ftfy does by default
/// is reproduced step by step below, in ftfy's order.
/// </remarks>
public static partial class ClipTextNormalizer
{
    private static readonly Dictionary<char, string> s_latinLigatures = new()
    {
        ['\u0132'] = "IJ", ['\u0133'] = "ij", ['\u0149'] = "\u02bcn",
        ['\u01f1'] = "DZ", ['\u01f2'] = "Dz", ['\u01f3'] = "dz",
        ['\u01c4'] = "D\u017d", ['\u01c5'] = "D\u017e", ['\u01c6'] = "d\u017e",
        ['\u01c7'] = "LJ", ['\u01c8'] = "Lj", ['\u01c9'] = "lj",
        ['\u01ca'] = "NJ", ['\u01cb'] = "Nj", ['\u01cc'] = "nj",
        ['\ufb00'] = "ff", ['\ufb01'] = "fi", ['\ufb02'] = "fl",
        ['\ufb03'] = "ffi", ['\ufb04'] = "ffl", ['\ufb05'] = "\u017ft", ['\ufb06'] = "st",
    };

    /// <summary>
    /// The full CLIP clean-up: <see cref="FixText"/>, HTML-unescape twice (Python <c>html.unescape</c>), strip,
    /// collapse whitespace runs to one space, lower-case. This is the text the pre-tokenizer sees.
    /// </summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fixedText = FixText(text);
        var unescaped = PythonText.Strip(HtmlEntityDecoder.Unescape(HtmlEntityDecoder.Unescape(fixedText)));
        return PythonText.ToLower(PythonText.CollapseWhitespace(unescaped));
    }

    /// <summary>
    /// ftfy 6 <c>fix_text</c> with its default settings, without <c>fix_encoding</c> (see the type remarks).
    /// Works line by line; once a line contains '&lt;' (possibly HTML), HTML entities are left alone from there on.
    /// </summary>
    public static string FixText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new StringBuilder(text.Length);
        var unescapeHtml = true;
        var position = 0;
        while (position < text.Length)
        {
            var lineEnd = text.IndexOf('\n', position);
            var end = lineEnd < 0 ? text.Length : lineEnd + 1;
            var segment = text[position..end];
            if (unescapeHtml && segment.Contains('<', StringComparison.Ordinal))
            {
                unescapeHtml = false;
            }

            output.Append(FixSegment(segment, unescapeHtml));
            position = end;
        }

        return output.ToString();
    }

    /// <summary>ftfy's <c>fix_and_explain</c> loop on one segment: apply every step until nothing changes.</summary>
    internal static string FixSegment(string text, bool unescapeHtml)
    {
        while (true)
        {
            var original = text;
            if (unescapeHtml)
            {
                text = HtmlEntityDecoder.DecodeStrict(text);
            }

            text = FixC1Controls(text);
            text = FixLatinLigatures(text);
            text = FixCharacterWidth(text);
            text = UncurlQuotes(text);
            text = FixLineBreaks(text);
            text = FixSurrogates(text);
            text = RemoveTerminalEscapes(text);
            text = RemoveControlCharacters(text);
            text = text.Normalize(NormalizationForm.FormC);
            if (string.Equals(text, original, StringComparison.Ordinal))
            {
                return text;
            }
        }
    }

    /// <summary>C1 controls U+0080–U+009F become the Windows-1252 characters of those bytes, as browsers do.</summary>
    internal static string FixC1Controls(string text) =>
        Translate(text, c => c is >= '\u0080' and <= '\u009f' ? HtmlEntityDecoder.Windows1252(c) : null);

    /// <summary>Latin typographic ligatures and legacy digraphs (ﬁ, ĳ, ǆ…) become their letters.</summary>
    internal static string FixLatinLigatures(string text) =>
        Translate(text, c => s_latinLigatures.GetValueOrDefault(c));

    /// <summary>
    /// Full-width and half-width forms (U+FF01–U+FFEF) become their NFKC standard-width form (full-width ASCII to
    /// ASCII, half-width katakana to full-width); the ideographic space U+3000 becomes a space.
    /// </summary>
    internal static string FixCharacterWidth(string text) => Translate(text, c =>
    {
        if (c == '\u3000')
        {
            return " ";
        }

        if (c is < '\uff01' or > '\uffef')
        {
            return null;
        }

        var single = c.ToString();
        var normalized = single.Normalize(NormalizationForm.FormKC);
        return normalized == single ? null : normalized;
    });

    /// <summary>Curly single quotes (and U+02BC) become <c>'</c>; curly double quotes become <c>"</c>.</summary>
    internal static string UncurlQuotes(string text) => Translate(text, c => c switch
    {
        '\u02bc' or (>= '\u2018' and <= '\u201b') => "'",
        >= '\u201c' and <= '\u201f' => "\"",
        _ => null,
    });

    /// <summary>CRLF, CR, U+2028, U+2029 and NEL become <c>\n</c>.</summary>
    internal static string FixLineBreaks(string text) => text
        .Replace("\r\n", "\n", StringComparison.Ordinal)
        .Replace('\r', '\n')
        .Replace('\u2028', '\n')
        .Replace('\u2029', '\n')
        .Replace('\u0085', '\n');

    /// <summary>Unpaired UTF-16 surrogates become U+FFFD (paired ones already are one character in .NET).</summary>
    internal static string FixSurrogates(string text)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                builder ??= new StringBuilder(text, 0, i, text.Length);
                builder.Append('\uFFFD');
                continue;
            }

            builder?.Append(c);
        }

        return builder?.ToString() ?? text;
    }

    /// <summary>ANSI terminal escape sequences (<c>ESC [ digits/semicolons letter</c>) are removed.</summary>
    internal static string RemoveTerminalEscapes(string text) =>
        text.Contains('\x1b', StringComparison.Ordinal) ? AnsiEscapeRegex().Replace(text, string.Empty) : text;

    /// <summary>
    /// ftfy's unwanted controls are removed: C0 controls except tab, LF, FF and CR; DEL; the deprecated
    /// format characters U+206A–U+206F; the byte-order mark; U+FFF9–U+FFFC. Joiners, bidi marks and C1 stay.
    /// </summary>
    internal static string RemoveControlCharacters(string text) => Translate(text, c => c switch
    {
        (>= '\x00' and <= '\x08') or '\x0b' or (>= '\x0e' and <= '\x1f') or '\x7f' => string.Empty,
        (>= '\u206a' and <= '\u206f') or '\ufeff' or (>= '\ufff9' and <= '\ufffc') => string.Empty,
        _ => null,
    });

    // Python's str.translate for a per-character mapping; null keeps the character.
    private static string Translate(string text, Func<char, string?> map)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var replacement = map(text[i]);
            if (replacement is null)
            {
                builder?.Append(text[i]);
                continue;
            }

            builder ??= new StringBuilder(text, 0, i, text.Length + 16);
            builder.Append(replacement);
        }

        return builder?.ToString() ?? text;
    }

    [GeneratedRegex(@"\x1b\[((?:\d|;)*)([a-zA-Z])")]
    private static partial Regex AnsiEscapeRegex();
}
