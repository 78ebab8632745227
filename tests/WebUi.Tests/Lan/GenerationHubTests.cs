using Engine.Imaging;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using WebUi.Hubs;

namespace WebUi.Tests.Lan;

/// <summary>/hubs/generation with the .NET SignalR client against the shared app, on the demo model.</summary>
[Collection(LanAppCollection.Name)]
public sealed class GenerationHubTests(LanAppFixture fixture)
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(120);

    // Long enough that it is still running when the test steers it: 100 batches of 150 steps.
    private static readonly HubTxt2ImgRequest s_longJob = new() { Prompt = "blue square", Steps = 150, Width = 256, Height = 256, NIter = 100 };

    [Fact]
    public async Task Submit_DemoJob_StreamsProgressThenTheImageWithInfotext()
    {
        await using var client = await ClientAsync("alice", LanAppFixture.AliceApiPassword);

        var submitted = await client.Connection.InvokeAsync<HubJobSubmitted>(
            nameof(GenerationHub.Submit), new HubTxt2ImgRequest { Prompt = "red circle, blue background", Steps = 12, Width = 256, Height = 256, Seed = 7 });
        var result = await client.FinishedAsync(submitted.JobId);

        Assert.Equal("completed", result.State);
        var image = Assert.Single(result.Images);
        Assert.Equal(7, image.Seed);
        var png = Convert.FromBase64String(image.Image);
        Assert.Equal(image.Infotext, PngTextReader.ReadParameters(png));
        Assert.Contains("Steps: 12", image.Infotext, StringComparison.Ordinal);
        Assert.Contains("Seed: 7", image.Infotext, StringComparison.Ordinal);

        var steps = client.Updates(submitted.JobId).Where(u => u.Event == "progress").Select(u => u.Step).ToList();
        Assert.True(steps.Count >= 2, $"progress events: {string.Join(",", steps)}");
        Assert.Equal(steps.Order(), steps);
        Assert.All(steps, step => Assert.InRange(step, 1, 12));
    }

    [Fact]
    public async Task Submit_InvalidRequest_IsRefusedNamingTheField()
    {
        await using var client = await ClientAsync("alice", LanAppFixture.AliceApiPassword);

        var error = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync<HubJobSubmitted>(
            nameof(GenerationHub.Submit), new HubTxt2ImgRequest { Steps = 0, Width = 100_000 }));

        Assert.Contains("steps: Steps is 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("width: Width", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_WrongKindsAndUnsupportedFields_AreRefusedLikeTheApiRefusesThem()
    {
        await using var client = await ClientAsync("alice", LanAppFixture.AliceApiPassword);

        var wrongKind = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync<HubJobSubmitted>(
            nameof(GenerationHub.Submit), new { prompt = "x", steps = "many" }));
        var notAnObject = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync<HubJobSubmitted>(
            nameof(GenerationHub.Submit), "just a string"));
        var hiresFix = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync<HubJobSubmitted>(
            nameof(GenerationHub.Submit), new { prompt = "x", enable_hr = true, preview_every_n_steps = -1 }));

        Assert.Contains("Invalid request: steps: Must be a whole number", wrongKind.Message, StringComparison.Ordinal);
        Assert.Contains("body: The body must be a JSON object", notAnObject.Message, StringComparison.Ordinal);
        Assert.Contains("enable_hr: Hires. fix is not available", hiresFix.Message, StringComparison.Ordinal);
        Assert.Contains("preview_every_n_steps: ", hiresFix.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_PromptOverTheBound_IsRefusedNamingIt()
    {
        await using var client = await ClientAsync("alice", LanAppFixture.AliceApiPassword);

        var error = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync<HubJobSubmitted>(
            nameof(GenerationHub.Submit), new HubTxt2ImgRequest { Prompt = new string('あ', 30_000) }));

        Assert.Contains("prompt: Prompt must be a text of at most 20000 characters", error.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, client.Connection.State);
    }

    [Fact]
    public async Task Submit_SavesToTheGalleryByDefault_AndNotWithSaveImagesFalse()
    {
        await using var client = await ClientAsync("alice", LanAppFixture.AliceApiPassword);
        var before = fixture.SavedPngs().Count;

        var saved = await client.Connection.InvokeAsync<HubJobSubmitted>(
            nameof(GenerationHub.Submit), new HubTxt2ImgRequest { Prompt = "red circle saved", Steps = 2, Width = 64, Height = 64 });
        Assert.Equal("completed", (await client.FinishedAsync(saved.JobId)).State);
        var afterSaved = fixture.SavedPngs().Count;
        var notSaved = await client.Connection.InvokeAsync<HubJobSubmitted>(
            nameof(GenerationHub.Submit), new HubTxt2ImgRequest { Prompt = "red circle not saved", Steps = 2, Width = 64, Height = 64, SaveImages = false });
        Assert.Equal("completed", (await client.FinishedAsync(notSaved.JobId)).State);

        Assert.Equal(before + 1, afterSaved);
        Assert.Equal(afterSaved, fixture.SavedPngs().Count);
    }

    [Fact]
    public async Task Cancel_OwnerAndAdminMay_OthersMayNot()
    {
        await using var alice = await ClientAsync("alice", LanAppFixture.AliceApiPassword);
        await using var bob = await ClientAsync("bob", LanAppFixture.BobApiPassword);
        await using var boss = await ClientAsync("boss", LanAppFixture.BossApiPassword);

        var running = await alice.Connection.InvokeAsync<HubJobSubmitted>(nameof(GenerationHub.Submit), s_longJob);
        await alice.FirstProgressAsync(running.JobId);
        var waiting = await alice.Connection.InvokeAsync<HubJobSubmitted>(nameof(GenerationHub.Submit), s_longJob);
        Assert.Equal(1, waiting.Position);

        // Bob can neither stop nor watch Alice's jobs.
        Assert.Equal("not_owner", await bob.Connection.InvokeAsync<string>(nameof(GenerationHub.Cancel), running.JobId));
        Assert.Equal("not_owner", await bob.Connection.InvokeAsync<string>(nameof(GenerationHub.Cancel), waiting.JobId));
        await Assert.ThrowsAsync<HubException>(() => bob.Connection.InvokeAsync<HubJobUpdate>(nameof(GenerationHub.Subscribe), running.JobId));

        // The owner cancels the waiting one; the admin interrupts the running one.
        Assert.Equal("accepted", await alice.Connection.InvokeAsync<string>(nameof(GenerationHub.Cancel), waiting.JobId));
        Assert.Equal("cancelled", (await alice.FinishedAsync(waiting.JobId)).State);
        Assert.Equal("accepted", await boss.Connection.InvokeAsync<string>(nameof(GenerationHub.Cancel), running.JobId));
        Assert.Equal("interrupted", (await alice.FinishedAsync(running.JobId)).State);
        Assert.Equal("wrong_state", await alice.Connection.InvokeAsync<string>(nameof(GenerationHub.Cancel), running.JobId));
        Assert.Equal("not_found", await alice.Connection.InvokeAsync<string>(nameof(GenerationHub.Cancel), "no-such-job"));
    }

    [Fact]
    public async Task Subscribe_OwnJobFromASecondConnection_ReceivesItsEndAndOwnerMayCancel()
    {
        await using var first = await ClientAsync("bob", LanAppFixture.BobApiPassword);
        await using var second = await ClientAsync("bob", LanAppFixture.BobApiPassword);
        var job = await first.Connection.InvokeAsync<HubJobSubmitted>(nameof(GenerationHub.Submit), s_longJob);
        await first.FirstProgressAsync(job.JobId);

        var status = await second.Connection.InvokeAsync<HubJobUpdate>(nameof(GenerationHub.Subscribe), job.JobId);
        Assert.Equal("running", status.State);
        Assert.Equal("accepted", await second.Connection.InvokeAsync<string>(nameof(GenerationHub.Cancel), job.JobId));

        Assert.Equal("interrupted", (await second.FinishedAsync(job.JobId)).State);
        Assert.Equal("interrupted", (await first.FinishedAsync(job.JobId)).State);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("alice", "wrong")]
    [InlineData("alice", LanAppFixture.AlicePassword)] // the web UI password: the hub takes the API's
    public async Task Connect_WithoutValidApiCredentials_IsRefused(string? user, string? password)
    {
        await using var connection = fixture.Hub(user, password);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Send_MessageOverTheSizeLimit_ClosesTheConnection()
    {
        await using var client = await ClientAsync("alice", LanAppFixture.AliceApiPassword);

        var huge = new HubTxt2ImgRequest { Prompt = new string('a', 600 * 1024) };
        await Assert.ThrowsAnyAsync<Exception>(() => client.Connection.InvokeAsync<HubJobSubmitted>(nameof(GenerationHub.Submit), huge));

        Assert.Equal(HubConnectionState.Disconnected, client.Connection.State);
    }

    private async Task<HubClient> ClientAsync(string user, string password)
    {
        var client = new HubClient(fixture.Hub(user, password));
        await client.Connection.StartAsync();
        return client;
    }

    /// <summary>A started connection that records every message it receives.</summary>
    private sealed class HubClient : IAsyncDisposable
    {
        private readonly Lock _lock = new();
        private readonly List<HubJobUpdate> _updates = [];
        private readonly Dictionary<string, TaskCompletionSource<HubJobResult>> _results = [];
        private readonly Dictionary<string, TaskCompletionSource> _progress = [];

        public HubClient(HubConnection connection)
        {
            Connection = connection;
            connection.On<HubJobUpdate>(nameof(IGenerationHubClient.JobUpdate), update =>
            {
                lock (_lock)
                {
                    _updates.Add(update);
                }

                if (update.Event == "progress")
                {
                    Progress(update.JobId).TrySetResult();
                }
            });
            connection.On<HubJobResult>(nameof(IGenerationHubClient.JobFinished), result => Result(result.JobId).TrySetResult(result));
        }

        public HubConnection Connection { get; }

        public Task<HubJobResult> FinishedAsync(string jobId) => Result(jobId).Task.WaitAsync(s_wait);

        public Task FirstProgressAsync(string jobId) => Progress(jobId).Task.WaitAsync(s_wait);

        public List<HubJobUpdate> Updates(string jobId)
        {
            lock (_lock)
            {
                return [.. _updates.Where(u => u.JobId == jobId)];
            }
        }

        public ValueTask DisposeAsync() => Connection.DisposeAsync();

        private TaskCompletionSource<HubJobResult> Result(string jobId)
        {
            lock (_lock)
            {
                return _results.TryGetValue(jobId, out var tcs) ? tcs
                    : _results[jobId] = new TaskCompletionSource<HubJobResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        private TaskCompletionSource Progress(string jobId)
        {
            lock (_lock)
            {
                return _progress.TryGetValue(jobId, out var tcs) ? tcs
                    : _progress[jobId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }
}
