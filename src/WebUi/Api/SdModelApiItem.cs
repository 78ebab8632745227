using System.Text.Json.Serialization;

namespace WebUi.Api;

/// <summary>One entry of <c>GET /sdapi/v1/sd-models</c>. Models are folders here, so no hash is computed.</summary>
public sealed record SdModelApiItem(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("hash")] string? Hash,
    [property: JsonPropertyName("sha256")] string? Sha256,
    [property: JsonPropertyName("filename")] string Filename,
    [property: JsonPropertyName("config")] string? Config);
