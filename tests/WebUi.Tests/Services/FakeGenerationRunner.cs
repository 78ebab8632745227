using Microsoft.Extensions.Logging.Abstractions;
using System.Threading.Channels;
using Engine.Pipelines;
using WebUi.Services;

namespace WebUi.Tests.Services;

/// <summary>A runner the test steers: each run announces itself on <see cref="Started"/> and waits for the test to finish it.</summary>
internal sealed class FakeGenerationRunner : IGenerationRunner
{
    public Channel<FakeRun> Started { get; } = Channel.CreateUnbounded<FakeRun>();

    public async Task<GenerationRun> RunAsync(
        GenerationRequest request, GenerationJobOptions options, GenerationControl control, IProgress<GenerationProgress> progress,
        CancellationToken cancellationToken)
    {
        var run = new FakeRun(request, control, progress);
        await Started.Writer.WriteAsync(run, cancellationToken);
        var outcome = await run.Outcome.Task.WaitAsync(cancellationToken);
        return outcome();
    }

    public async Task<FakeRun> NextAsync() => await Started.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1));
}

internal sealed class FakeRun(GenerationRequest request, GenerationControl control, IProgress<GenerationProgress> progress)
{
    public GenerationRequest Request { get; } = request;

    public GenerationControl Control { get; } = control;

    public TaskCompletionSource<Func<GenerationRun>> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReportSteps(int count)
    {
        for (var step = 1; step <= count; step++)
        {
            progress.Report(new GenerationProgress
            {
                BatchIndex = 0,
                BatchCount = 1,
                Step = step,
                StepsPerBatch = count,
                CompletedSteps = step,
                TotalSteps = count,
                Elapsed = TimeSpan.FromSeconds(step),
                Eta = TimeSpan.FromSeconds(count - step),
                IterationsPerSecond = 1,
            });
        }
    }

    public void Finish() => Outcome.SetResult(() => new GenerationRun(
        "fake", new GenerationResult([], Control.IsInterrupted, [], new GenerationTimings(TimeSpan.FromSeconds(1), default, default, default, 0))));

    /// <summary>Finishes with one small image, as a real run would.</summary>
    public void FinishWithImage() => Outcome.SetResult(() => new GenerationRun(
        "fake",
        new GenerationResult(
            [new GeneratedImage(new Engine.Imaging.RgbImage(8, 8), Request.Seed, -1, "infotext", 0, IsPartial: false)],
            Control.IsInterrupted, [], new GenerationTimings(TimeSpan.FromSeconds(1), default, default, default, 0))));

    public void Fail(Exception exception) => Outcome.SetResult(() => throw exception);
}

/// <summary>Records what the queue hands over and saves nothing; reports <see cref="Returns"/> as the saved images.</summary>
internal sealed class RecordingSink : IGenerationResultSink
{
    public List<string> SavedJobs { get; } = [];

    /// <summary>What the next jobs are told they saved (none unless a test sets it).</summary>
    public IReadOnlyList<SavedImage> Returns { get; set; } = [];

    public Task<IReadOnlyList<SavedImage>> SaveAsync(GenerationJob job, GenerationRun run, CancellationToken cancellationToken)
    {
        lock (SavedJobs)
        {
            SavedJobs.Add(job.Id);
        }

        return Task.FromResult(Returns);
    }
}

/// <summary>A started queue on a fake runner.</summary>
internal sealed class QueueHarness : IAsyncDisposable
{
    public QueueHarness(int maxQueuedJobs = 100, int progressIntervalMs = 0, int finishedJobsWithImages = 16)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new GenerationOptions
        {
            MaxQueuedJobs = maxQueuedJobs,
            ProgressIntervalMs = progressIntervalMs,
            FinishedJobsWithImages = finishedJobsWithImages,
        });
        Notifier = new GenerationNotifier(options, TimeProvider.System, NullLogger<GenerationNotifier>.Instance);
        Queue = new GenerationQueue(Runner, Sink, Notifier, options, TimeProvider.System, NullLogger<GenerationQueue>.Instance);
        Queue.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public FakeGenerationRunner Runner { get; } = new();

    public RecordingSink Sink { get; } = new();

    public GenerationNotifier Notifier { get; }

    public GenerationQueue Queue { get; }

    public async ValueTask DisposeAsync()
    {
        await Queue.StopAsync(CancellationToken.None);
        Queue.Dispose();
    }
}

/// <summary>Collects a subscriber's events and signals the job's final one.</summary>
internal sealed class EventRecorder
{
    private readonly List<GenerationEvent> _events = [];
    private readonly TaskCompletionSource _sawProgress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<GenerationEvent> Final { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<GenerationEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public Task OnEventAsync(GenerationEvent e)
    {
        lock (_events)
        {
            _events.Add(e);
        }

        if (e.Kind == GenerationEventKind.Progress)
        {
            _sawProgress.TrySetResult();
        }

        if (e.IsFinal)
        {
            Final.TrySetResult(e);
        }

        return Task.CompletedTask;
    }

    /// <summary>Completes once a progress event has been delivered (the notifier may drop progress superseded by the end).</summary>
    public Task WaitForProgressAsync() => _sawProgress.Task.WaitAsync(TimeSpan.FromMinutes(1));

    public Task<GenerationEvent> WaitFinalAsync() => Final.Task.WaitAsync(TimeSpan.FromMinutes(1));
}
