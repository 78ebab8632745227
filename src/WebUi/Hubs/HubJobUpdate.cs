using System.Text.Json.Serialization;

namespace WebUi.Hubs;

/// <summary>One change of a running or waiting job, as sent to hub clients.</summary>
public sealed record HubJobUpdate
{
    [JsonPropertyName("job_id")] public required string JobId { get; init; }

    /// <summary>queued, position_changed, started, progress or preview.</summary>
    [JsonPropertyName("event")] public required string Event { get; init; }

    /// <summary>queued or running.</summary>
    [JsonPropertyName("state")] public required string State { get; init; }

    /// <summary>Place in the waiting line (1 = next), 0 once running.</summary>
    [JsonPropertyName("position")] public int Position { get; init; }

    /// <summary>Step just finished within the current batch (1-based); 0 before the first step.</summary>
    [JsonPropertyName("step")] public int Step { get; init; }

    [JsonPropertyName("steps")] public int Steps { get; init; }

    /// <summary>Current batch (0-based) of <see cref="BatchCount"/>.</summary>
    [JsonPropertyName("batch")] public int Batch { get; init; }

    [JsonPropertyName("batch_count")] public int BatchCount { get; init; }

    /// <summary>Fraction of the whole job done, 0 to 1.</summary>
    [JsonPropertyName("progress")] public double Progress { get; init; }

    [JsonPropertyName("eta_seconds")] public double EtaSeconds { get; init; }

    /// <summary>preview events: the live preview as base64 PNG (no data-URL prefix, as A1111's <c>current_image</c>).</summary>
    [JsonPropertyName("preview")] public string? Preview { get; init; }
}
