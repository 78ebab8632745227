using Bunit;
using Engine.Pipelines;
using WebUi.Components.Shared;
using WebUi.Services;

namespace WebUi.Tests.Components;

public sealed class MyQueuePanelTests : GenerationComponentTest
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void Render_NoJobs_SaysNothingIsWaiting()
    {
        var cut = Context.Render<MyQueuePanel>();

        Assert.Empty(cut.FindAll("[data-testid=queue-row]"));
        Assert.Equal("No jobs waiting.", cut.Find("#my-queue-empty").TextContent.Trim());
    }

    [Fact]
    public async Task Render_RunningAndQueuedJobs_ListsThisBrowsersInOrderWithTheirPositions()
    {
        var running = Harness.Queue.Enqueue(Identity.Id, Request("first"));
        var run = await Harness.Runner.NextAsync();
        Harness.Queue.Enqueue("someone-else", Request("theirs"));
        var second = Harness.Queue.Enqueue(Identity.Id, Request("second", GenerationMode.ImageToImage));

        var cut = Context.Render<MyQueuePanel>();

        var rows = cut.FindAll("[data-testid=queue-row]");
        Assert.Equal([running.Id, second.Id], rows.Select(r => r.GetAttribute("data-job-id")));
        Assert.Equal(["running", "queued"], rows.Select(r => r.GetAttribute("data-state")));
        Assert.Contains("first", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("img2img", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("Queue position: 2", rows[1].QuerySelector("[data-testid=queue-status]")!.TextContent.Trim());
        Assert.NotNull(rows[0].QuerySelector("[data-testid=queue-interrupt]"));
        Assert.Null(rows[0].QuerySelector("[data-testid=queue-cancel]"));
        Assert.NotNull(rows[1].QuerySelector("[data-testid=queue-cancel]"));
        run.Finish();
    }

    [Fact]
    public async Task CancelButton_QueuedJob_CancelsItAndMovesTheNextUp()
    {
        Harness.Queue.Enqueue(Identity.Id, Request("running"));
        var run = await Harness.Runner.NextAsync();
        var doomed = Harness.Queue.Enqueue(Identity.Id, Request("doomed"));
        var kept = Harness.Queue.Enqueue(Identity.Id, Request("kept"));
        var cut = Context.Render<MyQueuePanel>();

        cut.Find($"[data-job-id='{doomed.Id}'] [data-testid=queue-cancel]").Click();

        Assert.Equal(GenerationJobState.Cancelled, doomed.State);
        cut.WaitForAssertion(
            () =>
            {
                var rows = cut.FindAll("[data-testid=queue-row]");
                Assert.Equal(2, rows.Count);
                Assert.Equal("Queue position: 1", cut.Find($"[data-job-id='{kept.Id}'] [data-testid=queue-status]").TextContent.Trim());
            },
            s_timeout);
        run.Finish();
    }

    [Fact]
    public async Task InterruptButton_RunningJob_InterruptsIt()
    {
        Harness.Queue.Enqueue(Identity.Id, Request("running"));
        var run = await Harness.Runner.NextAsync();
        var cut = Context.Render<MyQueuePanel>();

        cut.Find("[data-testid=queue-interrupt]").Click();

        Assert.True(run.Control.IsInterrupted);
        run.Finish();
    }

    [Fact]
    public async Task Notifier_JobsQueuedAndFinishedElsewhere_UpdateTheListLive()
    {
        var cut = Context.Render<MyQueuePanel>();
        Assert.Empty(cut.FindAll("[data-testid=queue-row]"));

        // Another tab of this browser queues a job; this panel hears of it only through the notifier.
        var job = Harness.Queue.Enqueue(Identity.Id, Request("from another tab"));
        var run = await Harness.Runner.NextAsync();
        cut.WaitForAssertion(() => Assert.Equal("running", cut.Find("[data-testid=queue-row]").GetAttribute("data-state")), s_timeout);

        run.ReportSteps(4);
        cut.WaitForAssertion(() => Assert.Equal("Running 100 %", cut.Find("[data-testid=queue-status]").TextContent.Trim()), s_timeout);

        run.Finish();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=queue-row]")), s_timeout);
        Assert.Equal(GenerationJobState.Completed, job.State);
    }

    [Fact]
    public async Task Render_OtherBrowsersJobsOnly_ListsNothingAndCannotCancelThem()
    {
        Harness.Queue.Enqueue("someone-else", Request("theirs"));
        var run = await Harness.Runner.NextAsync();
        Harness.Queue.Enqueue("someone-else", Request("theirs too"));

        var cut = Context.Render<MyQueuePanel>();

        Assert.Empty(cut.FindAll("[data-testid=queue-row]"));
        Assert.NotNull(cut.Find("#my-queue-empty"));
        run.Finish();
    }

    [Fact]
    public void Render_Japanese_LabelsAreJapanese()
    {
        Preferences.Apply("ja", isDarkMode: true);

        var cut = Context.Render<MyQueuePanel>();

        Assert.Contains("自分のキュー", cut.Find("#my-queue").TextContent, StringComparison.Ordinal);
        Assert.Equal("待機中のジョブはありません。", cut.Find("#my-queue-empty").TextContent.Trim());
    }

    private static GenerationRequest Request(string prompt, GenerationMode mode = GenerationMode.TextToImage) =>
        new() { Prompt = prompt, Steps = 3, Mode = mode };
}
