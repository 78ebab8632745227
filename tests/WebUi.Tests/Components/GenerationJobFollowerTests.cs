using Engine.Models;
using Engine.Pipelines;
using WebUi.Components.Shared;
using WebUi.Services;
using WebUi.Tests.Services;

namespace WebUi.Tests.Components;

public sealed class GenerationJobFollowerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TrySubmit_ValidRequest_QueuesAndFollowsTheJobToItsEnd()
    {
        await using var h = new QueueHarness();
        var renders = new SemaphoreSlim(0);
        using var follower = Follower(h, "me", () => renders.Release());

        Assert.True(follower.TrySubmit(new GenerationRequest { Prompt = "red circle" }, model: null, out var error));

        Assert.Null(error);
        Assert.True(follower.IsBusy);
        Assert.Equal("me", follower.Job!.OwnerId);
        var run = await h.Runner.NextAsync();
        Assert.False(follower.TrySubmit(new GenerationRequest { Prompt = "second" }, model: null, out _));
        run.Finish();
        while (follower.IsBusy)
        {
            Assert.True(await renders.WaitAsync(s_timeout), "the job's events did not re-render the page");
        }

        Assert.Equal(GenerationJobState.Completed, follower.Job.State);
    }

    [Fact]
    public async Task TrySubmit_ModelNotReady_RefusesWithTheValidationMessage()
    {
        await using var h = new QueueHarness();
        using var follower = Follower(h, "me");
        var model = new ModelDescriptor { Id = "broken", DisplayName = "broken", Path = "/broken", Status = ModelStatus.Broken };

        Assert.False(follower.TrySubmit(new GenerationRequest { Prompt = "red circle" }, model, out var error));

        Assert.Contains("Model 'broken' is not ready.", error, StringComparison.Ordinal);
        Assert.Null(follower.Job);
        Assert.Empty(h.Queue.Waiting);
    }

    [Fact]
    public async Task TrySubmit_QueueFull_RefusesWithTheQueuesMessage()
    {
        await using var h = new QueueHarness(maxQueuedJobs: 1);
        h.Queue.Enqueue("other", new GenerationRequest());
        var run = await h.Runner.NextAsync();
        h.Queue.Enqueue("other", new GenerationRequest());
        using var follower = Follower(h, "me");

        Assert.False(follower.TrySubmit(new GenerationRequest { Prompt = "red circle" }, model: null, out var error));

        Assert.Equal(new QueueFullException(1).Message, error);
        Assert.False(follower.IsBusy);
        run.Finish();
    }

    [Fact]
    public async Task Resume_UnfinishedJobOfThisBrowserAndMode_FollowsIt()
    {
        await using var h = new QueueHarness();
        var job = h.Queue.Enqueue("me", new GenerationRequest { Prompt = "from the first tab" });
        var run = await h.Runner.NextAsync();
        using var txt2img = Follower(h, "me");
        using var img2img = Follower(h, "me");
        using var stranger = Follower(h, "someone-else");

        txt2img.Resume(GenerationMode.TextToImage);
        img2img.Resume(GenerationMode.ImageToImage);
        stranger.Resume(GenerationMode.TextToImage);

        Assert.Same(job, txt2img.Job);
        Assert.Null(img2img.Job);
        Assert.Null(stranger.Job);
        txt2img.Interrupt();
        Assert.True(run.Control.IsInterrupted);
        run.Finish();
    }

    private static GenerationJobFollower Follower(QueueHarness h, string owner, Action? changed = null) =>
        new(h.Queue, h.Notifier, owner, action => { action(); return Task.CompletedTask; }, changed ?? (() => { }));
}
