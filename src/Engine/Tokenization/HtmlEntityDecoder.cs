using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Engine.Tokenization;

/// <summary>
/// HTML character references, decoded two ways: ftfy's cautious <c>unescape_html</c> (only <c>&amp;name;</c> and
/// <c>&amp;#…;</c> with the semicolon) and Python's <c>html.unescape</c> (which also decodes the legacy names
/// without a semicolon, e.g. <c>&amp;amp</c>).
/// </summary>
/// <remarks>
/// Named references come from .NET's <see cref="WebUtility"/> table, i.e. the HTML 4 set (plus <c>apos</c>), not
/// the 2 231 HTML5 names Python knows. The HTML5-only names (<c>&amp;checkmark;</c>, <c>&amp;Jscr;</c>, …) are
/// left as text; every name a prompt writer is likely to meet (amp, lt, gt, quot, nbsp, accented letters,
/// typographic quotes and dashes, hellip) is in the HTML 4 set.
/// </remarks>
internal static partial class HtmlEntityDecoder
{
    // Python's html.unescape decodes these without a trailing semicolon (the HTML5 legacy set):
    // the ISO-8859-1 names, plus these ASCII ones and their upper-case aliases.
    private static readonly Dictionary<string, string> s_upperCaseAliases = new(StringComparer.Ordinal)
    {
        ["AMP"] = "&",
        ["LT"] = "<",
        ["GT"] = ">",
        ["QUOT"] = "\"",
        ["COPY"] = "\u00a9",
        ["REG"] = "\u00ae",
    };

    // html.unescape's replacements for numeric references to C1 controls and NUL/CR (HTML5 "invalid charrefs").
    private static readonly string[] s_windows1252HighHalf =
    [
        "\u20ac", "\x81", "\u201a", "\u0192", "\u201e", "\u2026", "\u2020", "\u2021",
        "\u02c6", "\u2030", "\u0160", "\u2039", "\u0152", "\x8d", "\u017d", "\x8f",
        "\x90", "\u2018", "\u2019", "\u201c", "\u201d", "\u2022", "\u2013", "\u2014",
        "\u02dc", "\u2122", "\u0161", "\u203a", "\u0153", "\x9d", "\u017e", "\u0178",
    ];

    /// <summary>The character Windows-1252 gives a byte 0x80–0x9F (the unassigned ones map to themselves).</summary>
    public static string Windows1252(int c1) => s_windows1252HighHalf[c1 - 0x80];

    /// <summary>ftfy 6 <c>unescape_html</c>: <c>&amp;#?[0-9A-Za-z]{1,24};</c> references only.</summary>
    public static string DecodeStrict(string text)
    {
        if (!text.Contains('&', StringComparison.Ordinal))
        {
            return text;
        }

        return StrictEntityRegex().Replace(text, match =>
        {
            var entity = match.Value;
            if (entity[1] == '#')
            {
                var decoded = Unescape(entity);
                return decoded.Contains(';', StringComparison.Ordinal) ? entity : decoded;
            }

            var name = entity[1..^1];
            return LookupNamed(name) ?? LookupUpperCased(name) ?? entity;
        });
    }

    /// <summary>Python's <c>html.unescape</c>.</summary>
    public static string Unescape(string text)
    {
        if (!text.Contains('&', StringComparison.Ordinal))
        {
            return text;
        }

        return PythonCharRefRegex().Replace(text, match =>
        {
            var body = match.Value[1..];
            if (body[0] == '#')
            {
                return DecodeNumeric(body);
            }

            if (body.EndsWith(';') && LookupNamed(body[..^1]) is { } named)
            {
                return named;
            }

            if (LookupLegacy(body) is { } legacy)
            {
                return legacy;
            }

            for (var length = body.Length - 1; length > 1; length--)
            {
                if (LookupLegacy(body[..length]) is { } prefix)
                {
                    return prefix + body[length..];
                }
            }

            return match.Value;
        });
    }

    private static string DecodeNumeric(string body)
    {
        var digits = body.TrimEnd(';');
        var isHex = digits.Length > 1 && (digits[1] == 'x' || digits[1] == 'X');
        var span = isHex ? digits.AsSpan(2) : digits.AsSpan(1);
        long number = 0;
        foreach (var c in span)
        {
            var digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
            number = number * (isHex ? 16 : 10) + digit;
            if (number > 0x10FFFF)
            {
                return "\uFFFD";
            }
        }

        if (number is >= 0x80 and <= 0x9F)
        {
            return Windows1252((int)number);
        }

        if (number == 0)
        {
            return "\uFFFD";
        }

        if (number == 0x0D)
        {
            return "\r";
        }

        if (number is >= 0xD800 and <= 0xDFFF)
        {
            return "\uFFFD";
        }

        if (number is (>= 0x1 and <= 0x8) or 0xB or (>= 0xE and <= 0x1F) or 0x7F or (>= 0xFDD0 and <= 0xFDEF)
            || (number & 0xFFFE) == 0xFFFE)
        {
            return string.Empty;
        }

        return char.ConvertFromUtf32((int)number);
    }

    private static string? LookupNamed(string name)
    {
        if (s_upperCaseAliases.TryGetValue(name, out var alias))
        {
            return alias;
        }

        var reference = "&" + name + ";";
        var decoded = WebUtility.HtmlDecode(reference);
        return decoded == reference ? null : decoded;
    }

    private static string? LookupLegacy(string name)
    {
        if (s_upperCaseAliases.TryGetValue(name, out var alias))
        {
            return alias;
        }

        if (name is "amp" or "lt" or "gt" or "quot")
        {
            return LookupNamed(name);
        }

        return LookupNamed(name) is { Length: 1 } decoded && decoded[0] is >= '\u00a0' and <= '\u00ff' ? decoded : null;
    }

    // ftfy also decodes an all-caps spelling of a lower-case entity (P&EACUTE;REZ), unless that spelling means
    // something else to html.unescape.
    private static string? LookupUpperCased(string name)
    {
        var lower = name.ToLowerInvariant();
        if (!string.Equals(lower.ToUpperInvariant(), name, StringComparison.Ordinal) || lower == name)
        {
            return null;
        }

        var reference = "&" + name + ";";
        if (LookupNamed(lower) is not { } decoded || Unescape(reference) != reference)
        {
            return null;
        }

        return decoded == "\u00df" ? "SS" : decoded.ToUpper(CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("&#?[0-9A-Za-z]{1,24};")]
    private static partial Regex StrictEntityRegex();

    [GeneratedRegex(@"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")]
    private static partial Regex PythonCharRefRegex();
}
