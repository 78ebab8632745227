using System.Text.Json.Serialization;

namespace WebUi.Hubs;

/// <summary>The answer to <see cref="GenerationHub.Submit"/>: the job's handle and its place in the queue.</summary>
public sealed record HubJobSubmitted(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("position")] int Position);
