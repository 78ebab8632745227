using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebUi.Api;

/// <summary>
/// Whole numbers as pydantic v1 reads them: a JSON integer, a finite float (truncated, as Python's <c>int()</c>), a
/// string holding an integer, or a boolean (0/1).
/// </summary>
public sealed class TolerantInt32Converter : JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = TolerantNumbers.ReadWhole(ref reader, int.MinValue, int.MaxValue);
        return (int)value;
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}

/// <summary>As <see cref="TolerantInt32Converter"/> for 64-bit values (seeds).</summary>
public sealed class TolerantInt64Converter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TolerantNumbers.ReadWhole(ref reader, long.MinValue, long.MaxValue);

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}

/// <summary>Floats: a JSON number, a numeric string, or a boolean; NaN and infinities are refused.</summary>
public sealed class TolerantDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        double value;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                value = reader.GetDouble();
                break;
            case JsonTokenType.String:
                if (!double.TryParse(reader.GetString()?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                {
                    throw new JsonException("Must be a number.");
                }

                break;
            case JsonTokenType.True:
                return 1;
            case JsonTokenType.False:
                return 0;
            default:
                throw new JsonException("Must be a number.");
        }

        return double.IsFinite(value) ? value : throw new JsonException("Must be a finite number (not NaN or infinity).");
    }

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Booleans as pydantic v1 reads them: true/false, 0/1, or one of "true", "false", "yes", "no", "on", "off", "t", "f", "y", "n", "1", "0".</summary>
public sealed class TolerantBooleanConverter : JsonConverter<bool>
{
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Number when reader.TryGetInt64(out var number) && number is 0 or 1:
                return number == 1;
            case JsonTokenType.String when ParseText(reader.GetString()) is { } parsed:
                return parsed;
        }

        throw new JsonException("Must be true or false.");
    }

    /// <summary>A boolean written as text (query strings too), or null when it is none of pydantic's spellings.</summary>
    public static bool? ParseText(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "1" or "TRUE" or "YES" or "ON" or "T" or "Y" => true,
        "0" or "FALSE" or "NO" or "OFF" or "F" or "N" => false,
        _ => null,
    };

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteBooleanValue(value);
    }
}

/// <summary>Strings; a number is taken as its text (pydantic v1 does the same); objects, arrays and booleans are refused.</summary>
public sealed class TolerantStringConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString()!,
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
        _ => throw new JsonException("Must be a text."),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}

/// <summary>The whole-number rules shared by the integer converters.</summary>
internal static class TolerantNumbers
{
    public static long ReadWhole(ref Utf8JsonReader reader, long min, long max)
    {
        string range = string.Create(CultureInfo.InvariantCulture, $"Must be a whole number from {min} to {max}.");
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var whole))
                {
                    return whole >= min && whole <= max ? whole : throw new JsonException(range);
                }

                return FromDouble(reader.GetDouble(), min, max, range);
            case JsonTokenType.String:
                var text = reader.GetString()?.Trim();
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed >= min && parsed <= max ? parsed : throw new JsonException(range);
                }

                throw new JsonException("Must be a whole number.");
            case JsonTokenType.True:
                return 1;
            case JsonTokenType.False:
                return 0;
            default:
                throw new JsonException("Must be a whole number.");
        }
    }

    private static long FromDouble(double value, long min, long max, string range)
    {
        // Python's int(float) truncates; a value outside the range (or not finite) is refused rather than wrapped.
        var truncated = Math.Truncate(value);
        return double.IsFinite(value) && truncated >= min && truncated <= max && truncated < 9.2e18 && truncated > -9.2e18
            ? (long)truncated
            : throw new JsonException(range);
    }
}
