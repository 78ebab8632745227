using System.Threading.Channels;
using Engine.Pipelines;
using Microsoft.Extensions.Options;

namespace WebUi.Services;

/// <summary>
/// The job queue: one worker for the one device, jobs from every tab and user run in order, waiting positions are
/// published, a failing job is recorded on the job and the worker goes on. The waiting line is a list under a lock
/// (so a cancelled job leaves it at once and positions stay exact) and its length is bounded by
/// <see cref="GenerationOptions.MaxQueuedJobs"/>; a bounded one-slot channel wakes the worker.
/// </summary>
public sealed class GenerationQueue : BackgroundService
{
    private readonly Lock _lock = new();
    private readonly LinkedList<GenerationJob> _waiting = new();
    private readonly Dictionary<string, GenerationJob> _jobs = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly IGenerationRunner _runner;
    private readonly IGenerationResultSink _sink;
    private readonly GenerationNotifier _notifier;
    private readonly GenerationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GenerationQueue> _logger;
    private GenerationJob? _running;

    private long _sequence;

    public GenerationQueue(
        IGenerationRunner runner,
        IGenerationResultSink sink,
        GenerationNotifier notifier,
        IOptions<GenerationOptions> options,
        TimeProvider time,
        ILogger<GenerationQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _runner = runner;
        _sink = sink;
        _notifier = notifier;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The job running now, if any.</summary>
    public GenerationJob? Running
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    /// <summary>The waiting jobs, next first.</summary>
    public IReadOnlyList<GenerationJob> Waiting
    {
        get
        {
            lock (_lock)
            {
                return [.. _waiting];
            }
        }
    }

    /// <summary>Queues a job for <paramref name="ownerId"/>; its id is the handle for every later call.</summary>
    /// <param name="ownerId">Who may cancel, interrupt or skip it.</param>
    /// <param name="request">What to generate.</param>
    /// <param name="options">Gallery saving and model choice; null is <see cref="GenerationJobOptions.Default"/>.</param>
    /// <exception cref="QueueFullException">Too many jobs are waiting.</exception>
    public GenerationJob Enqueue(string ownerId, GenerationRequest request, GenerationJobOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentNullException.ThrowIfNull(request);
        GenerationJob job;
        lock (_lock)
        {
            if (_waiting.Count >= _options.MaxQueuedJobs)
            {
                throw new QueueFullException(_options.MaxQueuedJobs);
            }

            PruneFinished();
            job = new GenerationJob(Guid.NewGuid().ToString("N"), ownerId, request, _time.GetUtcNow())
            {
                Sequence = ++_sequence,
                Options = options ?? GenerationJobOptions.Default,
            };
            _waiting.AddLast(job);
            job.Position = _waiting.Count;
            _jobs[job.Id] = job;
        }

        _notifier.Publish(Snapshot(GenerationEventKind.Queued, job));
        _wake.Writer.TryWrite(true);
        return job;
    }

    /// <summary>The job with <paramref name="jobId"/>, while it is queued, running, or recently finished.</summary>
    public GenerationJob? GetJob(string jobId)
    {
        lock (_lock)
        {
            return _jobs.GetValueOrDefault(jobId);
        }
    }

    /// <summary>The jobs of <paramref name="ownerId"/> still known, newest first.</summary>
    public IReadOnlyList<GenerationJob> RecentJobs(string ownerId)
    {
        lock (_lock)
        {
            return [.. _jobs.Values.Where(j => string.Equals(j.OwnerId, ownerId, StringComparison.Ordinal)).OrderByDescending(j => j.Sequence)];
        }
    }

    /// <summary>Removes a waiting job; only its owner or an admin may.</summary>
    public JobCommandResult Cancel(string jobId, string requesterId, bool isAdmin = false)
    {
        GenerationJob? job;
        List<GenerationJob> moved;
        lock (_lock)
        {
            var check = Check(jobId, requesterId, isAdmin, GenerationJobState.Queued, out job);
            if (check != JobCommandResult.Accepted)
            {
                return check;
            }

            _waiting.Remove(job!);
            job!.Finish(GenerationJobState.Cancelled, null, _time.GetUtcNow());
            moved = Renumber();
        }

        _logger.LogInformation("Job {JobId} cancelled while queued", jobId);
        _notifier.Publish(Snapshot(GenerationEventKind.Cancelled, job));
        PublishPositions(moved);
        return JobCommandResult.Accepted;
    }

    /// <summary>
    /// Cancels the job while it waits, or interrupts it once it runs (keeping the images already finished): what a
    /// client that gives up on a job wants, whichever state the job is in by then.
    /// </summary>
    public JobCommandResult Stop(string jobId, string requesterId, bool isAdmin = false)
    {
        var result = Cancel(jobId, requesterId, isAdmin);
        return result == JobCommandResult.WrongState ? Interrupt(jobId, requesterId, isAdmin) : result;
    }

    /// <summary>Stops the running job after the model call in progress, keeping what is finished (A1111's Interrupt).</summary>
    public JobCommandResult Interrupt(string jobId, string requesterId, bool isAdmin = false) =>
        Steer(jobId, requesterId, isAdmin, control => control.Interrupt());

    /// <summary>Drops the running job's current batch and goes on with the next (A1111's Skip).</summary>
    public JobCommandResult Skip(string jobId, string requesterId, bool isAdmin = false) =>
        Steer(jobId, requesterId, isAdmin, control => control.Skip());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _wake.Reader.WaitToReadAsync(stoppingToken))
            {
                _wake.Reader.TryRead(out _);
                while (!stoppingToken.IsCancellationRequested && TryStartNext(out var job, out var moved))
                {
                    PublishPositions(moved);
                    await RunJobAsync(job, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            CancelWaitingOnShutdown();
        }
    }

    private JobCommandResult Steer(string jobId, string requesterId, bool isAdmin, Action<GenerationControl> action)
    {
        GenerationControl? control;
        lock (_lock)
        {
            var check = Check(jobId, requesterId, isAdmin, GenerationJobState.Running, out var job);
            if (check != JobCommandResult.Accepted)
            {
                return check;
            }

            control = job!.Control;
        }

        if (control is null)
        {
            return JobCommandResult.WrongState;
        }

        try
        {
            action(control);
        }
        catch (ObjectDisposedException)
        {
            // The job finished between the check and the command.
            return JobCommandResult.WrongState;
        }

        return JobCommandResult.Accepted;
    }

    private JobCommandResult Check(string jobId, string requesterId, bool isAdmin, GenerationJobState required, out GenerationJob? job)
    {
        if (!_jobs.TryGetValue(jobId, out job))
        {
            return JobCommandResult.NotFound;
        }

        if (!isAdmin && !string.Equals(job.OwnerId, requesterId, StringComparison.Ordinal))
        {
            return JobCommandResult.NotOwner;
        }

        return job.State == required ? JobCommandResult.Accepted : JobCommandResult.WrongState;
    }

    private bool TryStartNext(out GenerationJob job, out List<GenerationJob> moved)
    {
        lock (_lock)
        {
            if (_waiting.First is null)
            {
                job = null!;
                moved = [];
                return false;
            }

            job = _waiting.First.Value;
            _waiting.RemoveFirst();
            job.State = GenerationJobState.Running;
            job.Position = 0;
            job.StartedAt = _time.GetUtcNow();
            job.Cancellation = new CancellationTokenSource();
            job.Control = new GenerationControl(job.Cancellation.Token);
            _running = job;
            moved = Renumber();
            return true;
        }
    }

    private async Task RunJobAsync(GenerationJob job, CancellationToken stoppingToken)
    {
        _notifier.Publish(Snapshot(GenerationEventKind.Started, job));
        var stopLink = stoppingToken.Register(() => job.Cancellation!.Cancel());
        var progress = new JobProgress(this, job);
        GenerationJobState final;
        string? error = null;
        try
        {
            var run = await _runner.RunAsync(job.Request, job.Options, job.Control!, progress, job.Cancellation!.Token);
            job.ModelId = run.ModelId;
            job.Result = run.Result;
            try
            {
                job.SavedImages = await _sink.SaveAsync(job, run, CancellationToken.None);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LiteDB.LiteException)
            {
                throw new InvalidOperationException($"The images were made but could not be saved: {ex.Message}", ex);
            }

            final = run.Result.Interrupted ? GenerationJobState.Interrupted : GenerationJobState.Completed;
            _logger.LogInformation(
                "Job {JobId} {State}: {Images} image(s), seed {Seed}, {Steps} steps, {Sampler}, {Width}x{Height}, model {ModelId}, {Elapsed} ms",
                job.Id, final, run.Result.Images.Count, run.Result.Images.Count > 0 ? run.Result.Images[0].Seed : job.Request.Seed,
                job.Request.Steps, job.Request.SamplerName, job.Request.Width, job.Request.Height, run.ModelId,
                (long)run.Result.Timings.Total.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (job.Cancellation!.IsCancellationRequested)
        {
            final = GenerationJobState.Cancelled;
            error = "The job was cancelled because the app is shutting down.";
        }
        catch (Exception ex)
        {
            final = GenerationJobState.Failed;
            error = Describe(ex);
            _logger.LogError(ex, "Job {JobId} failed: {Error}", job.Id, error);
        }

        // Unhook from shutdown before the job's token source is disposed: a stop in between would cancel a disposed source.
        stopLink.Dispose();
        lock (_lock)
        {
            job.Finish(final, error, _time.GetUtcNow());
            job.Control!.Dispose();
            job.Cancellation!.Dispose();
            job.PreviewDataUrl = null;
            _running = null;
            ReleaseOldImages();
        }

        var kind = final switch
        {
            GenerationJobState.Completed => GenerationEventKind.Completed,
            GenerationJobState.Interrupted => GenerationEventKind.Interrupted,
            GenerationJobState.Cancelled => GenerationEventKind.Cancelled,
            _ => GenerationEventKind.Failed,
        };
        _notifier.Publish(Snapshot(kind, job));
    }

    private static string Describe(Exception ex) => ex switch
    {
        GenerationValidationException validation => validation.Message,
        InvalidOperationException { InnerException: IOException or UnauthorizedAccessException or LiteDB.LiteException } saving => saving.Message,
        _ => $"Generation failed: {ex.Message}",
    };

    private void CancelWaitingOnShutdown()
    {
        List<GenerationJob> cancelled;
        lock (_lock)
        {
            cancelled = [.. _waiting];
            _waiting.Clear();
            foreach (var job in cancelled)
            {
                job.Finish(GenerationJobState.Cancelled, "The job was cancelled because the app is shutting down.", _time.GetUtcNow());
            }
        }

        foreach (var job in cancelled)
        {
            _notifier.Publish(Snapshot(GenerationEventKind.Cancelled, job));
        }
    }

    // Under _lock: gives every waiting job its place again and returns those whose place changed.
    private List<GenerationJob> Renumber()
    {
        var moved = new List<GenerationJob>();
        var position = 1;
        foreach (var job in _waiting)
        {
            if (job.Position != position)
            {
                job.Position = position;
                moved.Add(job);
            }

            position++;
        }

        return moved;
    }

    private void PublishPositions(List<GenerationJob> moved)
    {
        foreach (var job in moved)
        {
            _notifier.Publish(Snapshot(GenerationEventKind.PositionChanged, job));
        }
    }

    // Under _lock: the pixels of finished jobs are the bulk of the queue's memory (a 512x512 batch of 8 is 6 MB); only the
    // newest jobs keep them (their callers copy them out as the job ends), so hundreds of retained API jobs cost their
    // records, not their images.
    private void ReleaseOldImages()
    {
        var old = _jobs.Values
            .Where(j => j.IsFinished && j.Result is { Images.Count: > 0 })
            .OrderByDescending(j => j.Sequence)
            .Skip(_options.FinishedJobsWithImages);
        foreach (var job in old)
        {
            job.Result = job.Result! with { Images = [] };
        }
    }

    // Under _lock: finished jobs are kept for reconnecting browsers, up to an age and a count.
    private void PruneFinished()
    {
        var cutoff = _time.GetUtcNow() - TimeSpan.FromMinutes(_options.FinishedJobRetentionMinutes);
        var finished = _jobs.Values.Where(j => j.IsFinished).OrderBy(j => j.FinishedAt).ToList();
        var excess = finished.Count - _options.MaxFinishedJobs;
        foreach (var job in finished)
        {
            if (excess > 0 || job.FinishedAt < cutoff)
            {
                _jobs.Remove(job.Id);
                excess--;
            }
        }
    }

    private static GenerationEvent Snapshot(GenerationEventKind kind, GenerationJob job) =>
        new(kind, job, job.State, job.Position, job.Progress, job.PreviewDataUrl, job.ErrorMessage);

    // Called on the pipeline's thread after every step: records the step, encodes a preview now and then, never waits.
    private sealed class JobProgress(GenerationQueue queue, GenerationJob job) : IProgress<GenerationProgress>
    {
        private DateTimeOffset _lastPreview = DateTimeOffset.MinValue;

        public void Report(GenerationProgress value)
        {
            var withoutPixels = value with { Preview = null };
            job.Progress = withoutPixels;
            queue._notifier.Publish(new GenerationEvent(GenerationEventKind.Progress, job, GenerationJobState.Running, 0, withoutPixels));
            if (value.Preview is not null)
            {
                var now = queue._time.GetUtcNow();
                if (now - _lastPreview >= TimeSpan.FromMilliseconds(queue._options.PreviewIntervalMs))
                {
                    _lastPreview = now;
                    job.PreviewDataUrl = PreviewImages.ToPngDataUrl(value.Preview);
                    queue._notifier.Publish(new GenerationEvent(
                        GenerationEventKind.Preview, job, GenerationJobState.Running, 0, withoutPixels, job.PreviewDataUrl));
                }
            }
        }
    }
}
