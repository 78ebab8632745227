namespace WebUi.Services;

/// <summary>Where a job is in its life.</summary>
public enum GenerationJobState
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
    Interrupted,
}
