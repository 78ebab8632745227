using System.Text.Json.Serialization;

namespace WebUi.Api;

/// <summary>The answer of txt2img and img2img: base64 PNGs, the request echoed, and A1111's <c>info</c> as a JSON string.</summary>
public sealed record GenerationApiResponse(
    [property: JsonPropertyName("images")] IReadOnlyList<string> Images,
    [property: JsonPropertyName("parameters")] object Parameters,
    [property: JsonPropertyName("info")] string Info);
