using System.Text.Json.Serialization;

namespace WebUi.Api;

/// <summary><c>POST /sdapi/v1/png-info</c> body.</summary>
public sealed class PngInfoApiRequest
{
    [JsonPropertyName("image")]
    public string? Image { get; init; }
}

/// <summary>
/// <c>POST /sdapi/v1/png-info</c> answer: the <c>parameters</c> text, the other text chunks, and the text parsed as
/// A1111's <c>parse_generation_parameters</c> does.
/// </summary>
public sealed record PngInfoApiResponse(
    [property: JsonPropertyName("info")] string Info,
    [property: JsonPropertyName("items")] IReadOnlyDictionary<string, string> Items,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, string> Parameters);
