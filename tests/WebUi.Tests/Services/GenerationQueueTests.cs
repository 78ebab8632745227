using Engine.Pipelines;
using WebUi.Services;

namespace WebUi.Tests.Services;

public sealed class GenerationQueueTests
{
    private static GenerationRequest Request(string prompt = "red circle", int steps = 3) => new() { Prompt = prompt, Steps = steps };

    [Fact]
    public async Task Enqueue_ThreeJobs_RunInOrderWithPositions()
    {
        await using var h = new QueueHarness();
        var a = h.Queue.Enqueue("alice", Request("a"));
        var runA = await h.Runner.NextAsync();
        var b = h.Queue.Enqueue("bob", Request("b"));
        var c = h.Queue.Enqueue("alice", Request("c"));

        Assert.Equal("a", runA.Request.Prompt);
        Assert.Equal(GenerationJobState.Running, a.State);
        Assert.Equal((1, 2), (b.Position, c.Position));
        Assert.Equal([b, c], h.Queue.Waiting);

        var recorder = new EventRecorder();
        using var subscription = h.Notifier.Subscribe(c.Id, recorder.OnEventAsync);
        runA.Finish();
        var runB = await h.Runner.NextAsync();
        Assert.Equal("b", runB.Request.Prompt);
        Assert.Equal(GenerationJobState.Completed, a.State);
        Assert.Equal((0, 1), (b.Position, c.Position));

        runB.Finish();
        var runC = await h.Runner.NextAsync();
        Assert.Equal("c", runC.Request.Prompt);
        runC.Finish();
        await recorder.WaitFinalAsync();
        Assert.Contains(recorder.Events, e => e.Kind == GenerationEventKind.PositionChanged && e.Position == 1);
        Assert.Equal(GenerationEventKind.Completed, recorder.Events[^1].Kind);
        Assert.Equal([a.Id, b.Id, c.Id], h.Sink.SavedJobs);
    }

    [Theory]
    [InlineData(2, new[] { false, false, true, true })]
    [InlineData(4, new[] { true, true, true, true })]
    public async Task FinishedJobs_OnlyTheNewestKeepTheirImages(int kept, bool[] expectedWithImages)
    {
        await using var h = new QueueHarness(finishedJobsWithImages: kept);
        var jobs = new List<GenerationJob>();
        foreach (var prompt in new[] { "a", "b", "c", "d" })
        {
            var job = h.Queue.Enqueue("alice", Request(prompt));
            var recorder = new EventRecorder();
            using var subscription = h.Notifier.Subscribe(job.Id, recorder.OnEventAsync);
            (await h.Runner.NextAsync()).FinishWithImage();
            await recorder.WaitFinalAsync();
            jobs.Add(job);
        }

        Assert.Equal(expectedWithImages, jobs.Select(j => j.Result!.Images.Count == 1));
        Assert.All(jobs, j => Assert.Null(j.PreviewDataUrl));
    }

    [Fact]
    public async Task Cancel_QueuedJobByOwner_RemovesItAndMovesOthersUp()
    {
        await using var h = new QueueHarness();
        h.Queue.Enqueue("alice", Request());
        var run = await h.Runner.NextAsync();
        var b = h.Queue.Enqueue("bob", Request("b"));
        var c = h.Queue.Enqueue("carol", Request("c"));

        Assert.Equal(JobCommandResult.NotOwner, h.Queue.Cancel(b.Id, "carol"));
        Assert.Equal(GenerationJobState.Queued, b.State);
        Assert.Equal(JobCommandResult.Accepted, h.Queue.Cancel(b.Id, "bob"));
        Assert.Equal(GenerationJobState.Cancelled, b.State);
        Assert.Equal(1, c.Position);
        Assert.Equal(JobCommandResult.WrongState, h.Queue.Cancel(b.Id, "bob"));
        Assert.Equal(JobCommandResult.NotFound, h.Queue.Cancel("nope", "bob"));

        run.Finish();
        var next = await h.Runner.NextAsync();
        Assert.Equal("c", next.Request.Prompt);
        next.Finish();
    }

    [Fact]
    public async Task Cancel_ByAdmin_IsAllowed()
    {
        await using var h = new QueueHarness();
        h.Queue.Enqueue("alice", Request());
        var run = await h.Runner.NextAsync();
        var b = h.Queue.Enqueue("bob", Request());

        Assert.Equal(JobCommandResult.Accepted, h.Queue.Cancel(b.Id, "admin", isAdmin: true));
        run.Finish();
    }

    [Fact]
    public async Task InterruptAndSkip_RunningJob_ReachTheControlForTheOwnerOnly()
    {
        await using var h = new QueueHarness();
        var job = h.Queue.Enqueue("alice", Request());
        var run = await h.Runner.NextAsync();
        var recorder = new EventRecorder();
        using var subscription = h.Notifier.Subscribe(job.Id, recorder.OnEventAsync);

        Assert.Equal(JobCommandResult.NotOwner, h.Queue.Interrupt(job.Id, "mallory"));
        Assert.Equal(JobCommandResult.NotOwner, h.Queue.Skip(job.Id, "mallory"));
        Assert.False(run.Control.IsInterrupted);
        Assert.Equal(JobCommandResult.Accepted, h.Queue.Skip(job.Id, "alice"));
        Assert.False(run.Control.IsInterrupted);
        Assert.Equal(JobCommandResult.Accepted, h.Queue.Interrupt(job.Id, "alice"));
        Assert.True(run.Control.IsInterrupted);

        run.Finish();
        var final = await recorder.WaitFinalAsync();
        Assert.Equal(GenerationEventKind.Interrupted, final.Kind);
        Assert.Equal(GenerationJobState.Interrupted, job.State);
        Assert.Equal(JobCommandResult.WrongState, h.Queue.Interrupt(job.Id, "alice"));
    }

    [Fact]
    public async Task InterruptAndSkip_RunningJobOfAnother_AllowedForAnAdminOnly()
    {
        await using var h = new QueueHarness();
        var job = h.Queue.Enqueue("alice", Request());
        var run = await h.Runner.NextAsync();

        Assert.Equal(JobCommandResult.NotOwner, h.Queue.Interrupt(job.Id, "boss", isAdmin: false));
        Assert.False(run.Control.IsInterrupted);
        Assert.Equal(JobCommandResult.Accepted, h.Queue.Skip(job.Id, "boss", isAdmin: true));
        Assert.Equal(JobCommandResult.Accepted, h.Queue.Interrupt(job.Id, "boss", isAdmin: true));
        Assert.True(run.Control.IsInterrupted);
        run.Finish();
    }

    [Fact]
    public async Task Stop_CancelsAWaitingJobAndInterruptsARunningOne_AndFinishedCompletesForBoth()
    {
        await using var h = new QueueHarness();
        var running = h.Queue.Enqueue("alice", Request());
        var run = await h.Runner.NextAsync();
        var waiting = h.Queue.Enqueue("alice", Request("b"));

        Assert.Equal(JobCommandResult.NotOwner, h.Queue.Stop(waiting.Id, "mallory"));
        Assert.Equal(JobCommandResult.Accepted, h.Queue.Stop(waiting.Id, "alice"));
        Assert.Equal(GenerationJobState.Cancelled, waiting.State);
        Assert.True(waiting.Finished.IsCompleted);
        Assert.False(running.Finished.IsCompleted);

        Assert.Equal(JobCommandResult.Accepted, h.Queue.Stop(running.Id, "alice"));
        Assert.True(run.Control.IsInterrupted);
        run.Finish();
        await running.Finished.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(GenerationJobState.Interrupted, running.State);
        Assert.Equal(JobCommandResult.WrongState, h.Queue.Stop(running.Id, "alice"));
        Assert.Equal(JobCommandResult.NotFound, h.Queue.Stop("nope", "alice"));
    }

    [Fact]
    public async Task Run_FailingJob_IsReportedAndTheNextJobRuns()
    {
        await using var h = new QueueHarness();
        var bad = h.Queue.Enqueue("alice", Request("bad"));
        var good = h.Queue.Enqueue("alice", Request("good"));
        var recorder = new EventRecorder();
        using var subscription = h.Notifier.Subscribe(bad.Id, recorder.OnEventAsync);

        (await h.Runner.NextAsync()).Fail(new GenerationValidationException([new GenerationValidationError("Steps", "Steps is 0; allowed 1 to 150.")]));
        var next = await h.Runner.NextAsync();

        Assert.Equal("good", next.Request.Prompt);
        var final = await recorder.WaitFinalAsync();
        Assert.Equal(GenerationEventKind.Failed, final.Kind);
        Assert.Equal(GenerationJobState.Failed, bad.State);
        Assert.Contains("Steps is 0", bad.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(final.ErrorMessage, bad.ErrorMessage);

        next.Fail(new InvalidOperationException("ONNX Runtime ran out of memory"));
        var third = h.Queue.Enqueue("alice", Request("third"));
        var run3 = await h.Runner.NextAsync();
        Assert.Equal(GenerationJobState.Failed, good.State);
        Assert.Equal("Generation failed: ONNX Runtime ran out of memory", good.ErrorMessage);
        run3.Finish();
        Assert.NotNull(third);
    }

    [Fact]
    public async Task Enqueue_QueueFull_ThrowsAClearError()
    {
        await using var h = new QueueHarness(maxQueuedJobs: 2);
        h.Queue.Enqueue("alice", Request());
        var run = await h.Runner.NextAsync();
        var b = h.Queue.Enqueue("alice", Request());
        h.Queue.Enqueue("alice", Request());

        var error = Assert.Throws<QueueFullException>(() => h.Queue.Enqueue("bob", Request()));
        Assert.Contains("queue is full (2 jobs waiting)", error.Message, StringComparison.Ordinal);

        h.Queue.Cancel(b.Id, "alice");
        Assert.NotNull(h.Queue.Enqueue("bob", Request()));
        run.Finish();
    }

    [Fact]
    public async Task GetJobAndRecentJobs_FinishedJob_StayFindable()
    {
        await using var h = new QueueHarness();
        var first = h.Queue.Enqueue("alice", Request("one"));
        (await h.Runner.NextAsync()).Finish();
        var second = h.Queue.Enqueue("alice", Request("two"));
        h.Queue.Enqueue("bob", Request("three"));
        var run = await h.Runner.NextAsync();

        Assert.Same(first, h.Queue.GetJob(first.Id));
        Assert.Equal(GenerationJobState.Completed, first.State);
        Assert.NotNull(first.FinishedAt);
        Assert.Equal([second.Id, first.Id], h.Queue.RecentJobs("alice").Select(j => j.Id));
        Assert.Null(h.Queue.GetJob("missing"));
        run.Finish();
    }

    [Fact]
    public async Task Progress_TwoSubscribersOfOneJob_BothSeeProgressAndTheFinalEvent()
    {
        await using var h = new QueueHarness();
        var job = h.Queue.Enqueue("alice", Request(steps: 5));
        var tab = new EventRecorder();
        var phone = new EventRecorder();
        using var s1 = h.Notifier.Subscribe(job.Id, tab.OnEventAsync);
        using var s2 = h.Notifier.Subscribe(job.Id, phone.OnEventAsync);

        var run = await h.Runner.NextAsync();
        run.ReportSteps(5);
        await Task.WhenAll(tab.WaitForProgressAsync(), phone.WaitForProgressAsync());
        run.Finish();

        foreach (var recorder in new[] { tab, phone })
        {
            var final = await recorder.WaitFinalAsync();
            Assert.Equal(GenerationEventKind.Completed, final.Kind);
            Assert.Same(final, recorder.Events[^1]);
            Assert.Contains(recorder.Events, e => e.Kind == GenerationEventKind.Progress);
        }

        Assert.Equal(5, job.Progress!.CompletedSteps);
    }

    [Fact]
    public async Task Progress_SlowSubscriber_DropsIntermediateEventsWithoutBlockingTheWorker()
    {
        await using var h = new QueueHarness();
        var job = h.Queue.Enqueue("alice", Request(steps: 100));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new EventRecorder();
        using var slowSubscription = h.Notifier.Subscribe(job.Id, async e =>
        {
            await release.Task;
            await slow.OnEventAsync(e);
        });

        var run = await h.Runner.NextAsync();
        run.ReportSteps(100);
        run.Finish();
        // The worker finished this job and started the next while the slow subscriber was still stuck on its first event.
        var next = h.Queue.Enqueue("alice", Request("next"));
        var nextRun = await h.Runner.NextAsync();
        Assert.Equal(GenerationJobState.Completed, job.State);
        Assert.Empty(slow.Events);

        release.SetResult();
        var final = await slow.WaitFinalAsync();
        Assert.Equal(GenerationEventKind.Completed, final.Kind);
        Assert.True(slow.Events.Count(e => e.Kind == GenerationEventKind.Progress) < 100);
        nextRun.Finish();
        Assert.NotNull(next);
    }
}
