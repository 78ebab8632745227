using System.Text.Json.Serialization;

namespace WebUi.Hubs;

/// <summary>The end of a job, as sent to hub clients.</summary>
public sealed record HubJobResult
{
    [JsonPropertyName("job_id")] public required string JobId { get; init; }

    /// <summary>completed, interrupted, cancelled or failed.</summary>
    [JsonPropertyName("state")] public required string State { get; init; }

    /// <summary>Why it failed or was cancelled, in words.</summary>
    [JsonPropertyName("error")] public string? Error { get; init; }

    /// <summary>The finished images (an interrupted job keeps what it finished).</summary>
    [JsonPropertyName("images")] public IReadOnlyList<HubImage> Images { get; init; } = [];
}

/// <summary>One image of a finished job.</summary>
/// <param name="Image">Base64 PNG with A1111's <c>parameters</c> text chunk, as <c>/sdapi/v1/txt2img</c> returns.</param>
/// <param name="Seed">Its seed.</param>
/// <param name="Infotext">The same <c>parameters</c> text.</param>
/// <param name="Partial">True when the job was interrupted before this image's sampling finished.</param>
public sealed record HubImage(
    [property: JsonPropertyName("image")] string Image,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("infotext")] string Infotext,
    [property: JsonPropertyName("partial")] bool Partial);
