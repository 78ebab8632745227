using Engine.Pipelines;

namespace WebUi.Services;

/// <summary>
/// One txt2img or img2img job as the queue tracks it. The queue alone changes it (under its lock); readers on other
/// threads see each property as a whole value, and get change notices through <see cref="GenerationNotifier"/>.
/// </summary>
public sealed class GenerationJob
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal GenerationJob(string id, string ownerId, GenerationRequest request, DateTimeOffset createdAt)
    {
        Id = id;
        OwnerId = ownerId;
        Request = request;
        CreatedAt = createdAt;
    }

    public string Id { get; }

    /// <summary>Who queued it (circuit or user id): only they, or an admin, may cancel, interrupt or skip it.</summary>
    public string OwnerId { get; }

    public GenerationMode Kind => Request.Mode;

    public GenerationRequest Request { get; }

    /// <summary>Gallery saving and model choice for this job.</summary>
    public GenerationJobOptions Options { get; init; } = GenerationJobOptions.Default;

    public GenerationJobState State { get; internal set; } = GenerationJobState.Queued;

    /// <summary>1-based place in the waiting line while queued (1 = next); 0 otherwise.</summary>
    public int Position { get; internal set; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>Order of arrival; unlike <see cref="CreatedAt"/> it never ties.</summary>
    internal long Sequence { get; init; }

    public DateTimeOffset? StartedAt { get; internal set; }

    public DateTimeOffset? FinishedAt { get; internal set; }

    /// <summary>The latest progress report, without its preview image.</summary>
    public GenerationProgress? Progress { get; internal set; }

    /// <summary>The latest live preview as a PNG data URL.</summary>
    public string? PreviewDataUrl { get; internal set; }

    /// <summary>The model the job ran on.</summary>
    public string? ModelId { get; internal set; }

    /// <summary>The pipeline's result (Completed and Interrupted jobs).</summary>
    public GenerationResult? Result { get; internal set; }

    /// <summary>Where the finished images were saved, in result order.</summary>
    public IReadOnlyList<SavedImage> SavedImages { get; internal set; } = [];

    /// <summary>Why the job failed, in words for the job's card.</summary>
    public string? ErrorMessage { get; internal set; }

    public bool IsFinished => State is GenerationJobState.Completed or GenerationJobState.Failed
        or GenerationJobState.Cancelled or GenerationJobState.Interrupted;

    /// <summary>Completes once the job has reached its final state (its result, if any, is set by then).</summary>
    public Task Finished => _finished.Task;

    internal GenerationControl? Control { get; set; }

    internal CancellationTokenSource? Cancellation { get; set; }

    /// <summary>Puts the job in its final <paramref name="state"/>; the queue calls it once, under its lock.</summary>
    internal void Finish(GenerationJobState state, string? errorMessage, DateTimeOffset finishedAt)
    {
        State = state;
        ErrorMessage = errorMessage;
        Position = 0;
        FinishedAt = finishedAt;
        _finished.TrySetResult();
    }
}
