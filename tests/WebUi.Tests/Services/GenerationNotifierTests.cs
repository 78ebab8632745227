using Engine.Pipelines;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WebUi.Services;

namespace WebUi.Tests.Services;

public sealed class GenerationNotifierTests
{
    private static GenerationNotifier Notifier() =>
        new(Options.Create(new GenerationOptions { ProgressIntervalMs = 0 }), TimeProvider.System, NullLogger<GenerationNotifier>.Instance);

    private static GenerationEvent Progress(GenerationJob job, int step) => new(
        GenerationEventKind.Progress, job, GenerationJobState.Running, 0, new GenerationProgress
        {
            BatchIndex = 0, BatchCount = 1, Step = step, StepsPerBatch = 50, CompletedSteps = step, TotalSteps = 50,
            Elapsed = TimeSpan.Zero, Eta = TimeSpan.Zero, IterationsPerSecond = 1,
        });

    [Fact]
    public async Task Publish_ProgressWithinTheInterval_IsDroppedButTheFinalEventArrives()
    {
        var notifier = Notifier();
        var job = new GenerationJob("j1", "alice", new GenerationRequest(), DateTimeOffset.UtcNow);
        var recorder = new EventRecorder();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = notifier.Subscribe(job.Id, async e =>
        {
            await recorder.OnEventAsync(e);
            first.TrySetResult();
        }, progressInterval: TimeSpan.FromHours(1));

        notifier.Publish(Progress(job, 1));
        await first.Task.WaitAsync(TimeSpan.FromMinutes(1));
        for (var step = 2; step <= 50; step++)
        {
            notifier.Publish(Progress(job, step));
        }

        notifier.Publish(new GenerationEvent(GenerationEventKind.Completed, job, GenerationJobState.Completed, 0));
        await recorder.WaitFinalAsync();

        Assert.Equal([GenerationEventKind.Progress, GenerationEventKind.Completed], recorder.Events.Select(e => e.Kind));
        Assert.Equal(1, recorder.Events[0].Progress!.Step);
    }

    [Fact]
    public async Task Subscribe_OtherJob_GetsNothingAndAllJobsSubscriberGetsEverything()
    {
        var notifier = Notifier();
        var mine = new GenerationJob("mine", "alice", new GenerationRequest(), DateTimeOffset.UtcNow);
        var other = new GenerationJob("other", "bob", new GenerationRequest(), DateTimeOffset.UtcNow);
        var mineRecorder = new EventRecorder();
        var allRecorder = new EventRecorder();
        using var s1 = notifier.Subscribe(mine.Id, mineRecorder.OnEventAsync);
        using var s2 = notifier.Subscribe(null, allRecorder.OnEventAsync);

        notifier.Publish(new GenerationEvent(GenerationEventKind.Failed, other, GenerationJobState.Failed, 0, ErrorMessage: "x"));
        notifier.Publish(new GenerationEvent(GenerationEventKind.Completed, mine, GenerationJobState.Completed, 0));
        await mineRecorder.WaitFinalAsync();
        await allRecorder.WaitFinalAsync();

        Assert.Equal(["mine"], mineRecorder.Events.Select(e => e.Job.Id));
        Assert.Equal("other", allRecorder.Events[0].Job.Id);
    }

    [Fact]
    public async Task Dispose_Subscription_StopsDeliveryAndThrowingSubscriberDoesNotHurtOthers()
    {
        var notifier = Notifier();
        var job = new GenerationJob("j", "alice", new GenerationRequest(), DateTimeOffset.UtcNow);
        var recorder = new EventRecorder();
        var gone = notifier.Subscribe(job.Id, _ => throw new InvalidOperationException("circuit closed"));
        using var good = notifier.Subscribe(job.Id, recorder.OnEventAsync);
        var unsubscribed = notifier.Subscribe(job.Id, _ => throw new InvalidOperationException("must not be called"));
        unsubscribed.Dispose();

        Assert.Equal(2, notifier.SubscriberCount);
        notifier.Publish(new GenerationEvent(GenerationEventKind.Completed, job, GenerationJobState.Completed, 0));
        await recorder.WaitFinalAsync();
        gone.Dispose();
        Assert.Equal(1, notifier.SubscriberCount);
    }
}
