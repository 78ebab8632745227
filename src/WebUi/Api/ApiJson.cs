using System.Text.Encodings.Web;
using System.Text.Json;

namespace WebUi.Api;

/// <summary>
/// JSON settings of the API. Requests are read the way A1111's pydantic (v1) models read them: unknown fields are
/// ignored, numbers may come as strings, booleans as 0/1 or "true"/"yes", whole-number fields accept a float (truncated);
/// non-finite numbers and wrong kinds are refused with the field's name. Responses write non-ASCII text as itself, as
/// FastAPI does.
/// </summary>
public static class ApiJson
{
    /// <summary>For request bodies.</summary>
    public static JsonSerializerOptions Input { get; } = CreateInput();

    /// <summary>For response bodies.</summary>
    public static JsonSerializerOptions Output { get; } = new(JsonSerializerDefaults.General)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A JSON <c>null</c> body (what A1111 answers for skip, options and refresh); Results.Json writes nothing for null.</summary>
    public static IResult Null() => Results.Text("null", "application/json");

    /// <summary>
    /// Reads the request body as <typeparamref name="T"/>, or throws a 422 <see cref="ApiException"/> naming the field
    /// (the JSON path, e.g. <c>steps</c>) that could not be read.
    /// </summary>
    public static async Task<T> ReadBodyAsync<T>(HttpRequest request)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync<T>(request.Body, Input, request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            throw Invalid(ex);
        }

        return value ?? throw ApiException.Invalid("body", "A JSON object is required.");
    }

    /// <summary>
    /// Reads <paramref name="element"/> (a hub message's argument) as <typeparamref name="T"/> with the same tolerance and
    /// the same 422 <see cref="ApiException"/> naming the field as <see cref="ReadBodyAsync{T}"/>.
    /// </summary>
    public static T Read<T>(JsonElement element)
        where T : class
    {
        T? value;
        try
        {
            value = element.ValueKind == JsonValueKind.Undefined ? null : element.Deserialize<T>(Input);
        }
        catch (JsonException ex)
        {
            throw Invalid(ex);
        }

        return value ?? throw ApiException.Invalid("body", "A JSON object is required.");
    }

    /// <summary>"$.init_images[0]" → "init_images[0]"; the root → "body".</summary>
    internal static string FieldName(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static ApiException Invalid(JsonException ex) => ApiException.Invalid(FieldName(ex.Path), Describe(ex));

    private static string Describe(JsonException ex)
    {
        // Our converters' messages say what was expected; System.Text.Json's own ones end with the path and position,
        // which the field name already gives.
        var message = ex.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            message = ex.Path is null or "$" ? "The body must be a JSON object." : "Wrong kind of value for this field.";
        }
        else if (message.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal))
        {
            message = "The body is empty; a JSON object is required.";
        }

        return message.Length == 0 ? "The request body is not valid JSON." : message;
    }

    private static JsonSerializerOptions CreateInput()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            AllowTrailingCommas = false,
            MaxDepth = 32,
        };
        options.Converters.Add(new TolerantInt32Converter());
        options.Converters.Add(new TolerantInt64Converter());
        options.Converters.Add(new TolerantDoubleConverter());
        options.Converters.Add(new TolerantBooleanConverter());
        options.Converters.Add(new TolerantStringConverter());
        return options;
    }
}
