using System.Globalization;
using System.Text;

namespace Engine.Pipelines;

/// <summary>Python's <c>str()</c> of numbers and A1111's infotext quoting, for byte-identical infotexts.</summary>
public static class PythonFormat
{
    /// <summary>
    /// <c>str(float)</c>: the shortest round-trip digits, a trailing <c>.0</c> on whole numbers, and Python's exponent
    /// form (<c>1e-05</c>, <c>1e+16</c>) outside [1e-4, 1e16).
    /// </summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var abs = Math.Abs(value);
        if (abs >= 1e15 && abs < 1e16)
        {
            return value.ToString("F0", CultureInfo.InvariantCulture) + ".0";
        }

        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        if (abs == 0 || (abs >= 1e-4 && abs < 1e16))
        {
            return shortest.Contains('.', StringComparison.Ordinal) || shortest.Contains('E', StringComparison.Ordinal) ? shortest : shortest + ".0";
        }

        // Python's exponent form: the shortest round-trip digits as d.ddd, then e-05 / e+16.
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        var digitsPart = e < 0 ? shortest : shortest[..e];
        var digits = digitsPart.Replace("-", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal).TrimStart('0').TrimEnd('0');
        var exponent = (int)Math.Floor(Math.Log10(abs));
        if (Math.Pow(10, exponent) > abs)
        {
            exponent--;
        }

        var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
        return string.Create(CultureInfo.InvariantCulture, $"{(value < 0 ? "-" : "")}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}");
    }

    /// <summary>A number the A1111 UI passes as an int when whole (gradio sliders): <c>7</c>, but <c>7.5</c>.</summary>
    public static string IntIfWhole(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : Float(value);

    /// <summary>
    /// A1111's <c>infotext_utils.quote</c>: values containing <c>,</c>, <c>:</c> or a newline become a JSON string
    /// (<c>json.dumps(ensure_ascii=False)</c>).
    /// </summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains(',', StringComparison.Ordinal) && !text.Contains('\n', StringComparison.Ordinal) && !text.Contains(':', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (ch < ' ')
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)ch:x4}");
                    }
                    else
                    {
                        builder.Append(ch);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }
}
