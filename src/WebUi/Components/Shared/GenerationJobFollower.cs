using Engine.Models;
using Engine.Pipelines;
using WebUi.Services;

namespace WebUi.Components.Shared;

/// <summary>
/// A generation page's hold on its job: submits a validated request to <see cref="GenerationQueue"/>, follows the job
/// through <see cref="GenerationNotifier"/> (re-rendering through the component's dispatcher), steers it (interrupt,
/// skip) as its owner, and remembers the seed of the last finished image. A reload, a reconnect or a second tab of the
/// same browser picks its unfinished job up again with <see cref="Resume"/>.
/// </summary>
/// <param name="queue">The queue.</param>
/// <param name="notifier">Where the job's events come from.</param>
/// <param name="ownerId">This browser's id (<see cref="Hosting.BrowserIdentity.Id"/>).</param>
/// <param name="dispatch">The component's <c>InvokeAsync</c>: events arrive on the notifier's threads.</param>
/// <param name="changed">The component's <c>StateHasChanged</c>.</param>
public sealed class GenerationJobFollower(
    GenerationQueue queue, GenerationNotifier notifier, string ownerId, Func<Action, Task> dispatch, Action changed) : IDisposable
{
    private IDisposable? _subscription;

    /// <summary>The job this page shows (running, queued or finished), or null before the first one.</summary>
    public GenerationJob? Job { get; private set; }

    /// <summary>The seed of the first image of the last job that saved any (A1111's ♻️).</summary>
    public long? LastSeed { get; private set; }

    /// <summary>True while the job is queued or running: the page does not queue another.</summary>
    public bool IsBusy => Job is { IsFinished: false };

    /// <summary>Follows this browser's newest unfinished job of <paramref name="mode"/>, if there is one.</summary>
    public void Resume(GenerationMode mode)
    {
        var active = queue.RecentJobs(ownerId).FirstOrDefault(j => j.Kind == mode && !j.IsFinished);
        if (active is not null)
        {
            Follow(active);
        }
    }

    /// <summary>
    /// Queues <paramref name="request"/> after checking it against <paramref name="model"/>; false with the reason when it
    /// is invalid, the queue is full, or a job of this page is still going.
    /// </summary>
    public bool TrySubmit(GenerationRequest request, ModelDescriptor? model, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        error = null;
        if (IsBusy)
        {
            return false;
        }

        if (model is not null && request.Validate(model) is { Count: > 0 } problems)
        {
            error = string.Join(" ", problems.Select(p => p.Message));
            return false;
        }

        try
        {
            Follow(queue.Enqueue(ownerId, request));
            return true;
        }
        catch (QueueFullException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    public void Interrupt()
    {
        if (Job is not null)
        {
            queue.Interrupt(Job.Id, ownerId);
        }
    }

    public void Skip()
    {
        if (Job is not null)
        {
            queue.Skip(Job.Id, ownerId);
        }
    }

    public void Dispose() => _subscription?.Dispose();

    private void Follow(GenerationJob job)
    {
        _subscription?.Dispose();
        Job = job;
        _subscription = notifier.Subscribe(job.Id, OnJobEventAsync);
    }

    private Task OnJobEventAsync(GenerationEvent e) => dispatch(() =>
    {
        if (e.IsFinal && e.Job.SavedImages is { Count: > 0 } saved)
        {
            LastSeed = saved[0].Seed;
        }

        changed();
    });
}
