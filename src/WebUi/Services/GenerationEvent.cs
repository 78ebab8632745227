using Engine.Pipelines;

namespace WebUi.Services;

/// <summary>What happened to a job.</summary>
public enum GenerationEventKind
{
    Queued,
    PositionChanged,
    Started,
    Progress,
    Preview,
    Completed,
    Failed,
    Cancelled,
    Interrupted,
}

/// <summary>One change of a job, with the values of that moment (the job itself keeps changing).</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Job">The job.</param>
/// <param name="State">The job's state at that moment.</param>
/// <param name="Position">Its queue position at that moment (0 when not queued).</param>
/// <param name="Progress">Progress events: the report (without preview pixels).</param>
/// <param name="PreviewDataUrl">Preview events: the preview as a PNG data URL.</param>
/// <param name="ErrorMessage">Failed events: why.</param>
public sealed record GenerationEvent(
    GenerationEventKind Kind,
    GenerationJob Job,
    GenerationJobState State,
    int Position,
    GenerationProgress? Progress = null,
    string? PreviewDataUrl = null,
    string? ErrorMessage = null)
{
    /// <summary>True for the job's last event (completed, failed, cancelled, interrupted).</summary>
    public bool IsFinal => Kind is GenerationEventKind.Completed or GenerationEventKind.Failed
        or GenerationEventKind.Cancelled or GenerationEventKind.Interrupted;

    /// <summary>Progress and preview: a newer one replaces an undelivered older one.</summary>
    internal bool IsCoalescable => Kind is GenerationEventKind.Progress or GenerationEventKind.Preview;
}
