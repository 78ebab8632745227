using System.Globalization;
using System.Text.Json;

namespace Engine.Models;

/// <summary>
/// Typed, forgiving access to one JSON config object: unknown keys are ignored, missing or null keys give the
/// default, and a value of the wrong kind throws <see cref="ModelConfigException"/> naming the file, the key and
/// what was expected. A hand-written reader rather than <c>JsonSerializer</c>, because the serializer's errors name
/// CLR types and JSON paths instead of what a model owner needs to fix.
/// </summary>
internal sealed class ConfigJson
{
    private static readonly JsonDocumentOptions s_documentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 64,
    };

    private readonly JsonElement _root;

    private ConfigJson(JsonElement root, string fileName)
    {
        _root = root;
        FileName = fileName;
    }

    public string FileName { get; }

    public static ConfigJson Parse(string json, string fileName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, s_documentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line
                ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, position {ex.BytePositionInLine + 1}")
                : string.Empty;
            throw new ModelConfigException(fileName, null, $"{fileName}: invalid JSON{where}.", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ModelConfigException(fileName, null,
                    $"{fileName}: expected a JSON object at the top level, found {Describe(document.RootElement)}.");
            }

            // Clone so the element outlives the pooled document buffers.
            return new ConfigJson(document.RootElement.Clone(), fileName);
        }
    }

    public static ConfigJson Load(string path, string fileName)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelConfigException(fileName, null, $"{fileName}: cannot be read ({ex.Message}).", ex);
        }

        return Parse(text, fileName);
    }

    public bool Has(string key) => _root.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null;

    public JsonElement? Raw(string key) =>
        _root.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public IEnumerable<JsonProperty> Properties() => _root.EnumerateObject();

    public int GetInt32(string key, int defaultValue) => GetInt32OrNull(key) ?? defaultValue;

    public int? GetInt32OrNull(string key)
    {
        if (Raw(key) is not { } value)
        {
            return null;
        }

        return AsInt32(value, key);
    }

    public double GetDouble(string key, double defaultValue) => GetDoubleOrNull(key) ?? defaultValue;

    public double? GetDoubleOrNull(string key)
    {
        if (Raw(key) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }

        throw WrongKind(key, "a number", value);
    }

    public bool GetBoolean(string key, bool defaultValue)
    {
        if (Raw(key) is not { } value)
        {
            return defaultValue;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongKind(key, "true or false", value),
        };
    }

    public string? GetString(string key)
    {
        if (Raw(key) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw WrongKind(key, "a string", value);
    }

    public string GetString(string key, string defaultValue) => GetString(key) ?? defaultValue;

    public double[]? GetDoubleArray(string key)
    {
        if (Raw(key) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongKind(key, "an array of numbers", value);
        }

        var result = new double[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetDouble(out result[i]) || !double.IsFinite(result[i]))
            {
                throw WrongKind(key, "an array of numbers", value);
            }

            i++;
        }

        return result;
    }

    public int[]? GetInt32Array(string key)
    {
        if (Raw(key) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongKind(key, "an array of integers", value);
        }

        return value.EnumerateArray().Select(item => AsInt32(item, key)).ToArray();
    }

    /// <summary>An integer, or an array of integers (diffusers allows both for e.g. sample_size and attention_head_dim).</summary>
    public int[]? GetInt32OrArray(string key)
    {
        if (Raw(key) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Array ? GetInt32Array(key) : [AsInt32(value, key)];
    }

    public ModelConfigException Invalid(string key, string message) =>
        new(FileName, key, $"{FileName}: '{key}' {message}");

    private int AsInt32(JsonElement value, string key)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetInt32(out var integer))
            {
                return integer;
            }

            // Python writers sometimes emit 4.0 for an integer field; accept it when it is whole.
            if (value.TryGetDouble(out var number) && number == Math.Floor(number) && number is >= int.MinValue and <= int.MaxValue)
            {
                return (int)number;
            }
        }

        throw WrongKind(key, "an integer", value);
    }

    private ModelConfigException WrongKind(string key, string expected, JsonElement actual) =>
        new(FileName, key, $"{FileName}: '{key}' must be {expected}, but is {Describe(actual)}.");

    private static string Describe(JsonElement value)
    {
        var text = value.GetRawText();
        if (text.Length > 40)
        {
            text = string.Concat(text.AsSpan(0, 37), "...");
        }

        var kind = value.ValueKind switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            _ => "null",
        };
        return $"{kind} ({text})";
    }
}
