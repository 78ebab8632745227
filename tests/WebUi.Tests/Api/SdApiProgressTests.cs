using System.Net;
using System.Text.Json;

namespace WebUi.Tests.Api;

/// <summary>
/// progress, interrupt, skip and client disconnects during real jobs on the demo model. Jobs are made long (150 steps,
/// many batches) and every wait is on state the API shows, never on time.
/// </summary>
[Collection(ApiAppCollection.Name)]
public sealed class SdApiProgressTests(ApiAppFixture app)
{
    private static readonly byte[] s_pngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static int JobNo(JsonElement p) => p.GetProperty("state").GetProperty("job_no").GetInt32();

    private static int Step(JsonElement p) => p.GetProperty("state").GetProperty("sampling_step").GetInt32();

    private static int JobCount(JsonElement p) => p.GetProperty("state").GetProperty("job_count").GetInt32();

    private static bool Running(JsonElement p) => JobCount(p) > 0 && Step(p) >= 1;

    [Fact]
    public async Task Progress_WhenIdle_IsZeroWithA1111Shape()
    {
        var reply = await app.GetAsync("progress");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(["progress", "eta_relative", "state", "current_image", "textinfo"], reply.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, reply.Json.GetProperty("progress").GetDouble());
        Assert.Equal(0, reply.Json.GetProperty("eta_relative").GetDouble());
        Assert.Equal(
            ["skipped", "interrupted", "stopping_generation", "job", "job_count", "job_timestamp", "job_no", "sampling_step", "sampling_steps"],
            reply.Json.GetProperty("state").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, JobCount(reply.Json));
        Assert.Equal(JsonValueKind.Null, reply.Json.GetProperty("current_image").ValueKind);
    }

    [Fact]
    public async Task Progress_DuringAJob_AdvancesShowsAPreviewAndInterruptEndsIt()
    {
        var job = app.PostAsync("txt2img", new { prompt = "red circle", steps = 150, n_iter = 20, seed = 500 });
        try
        {
            var first = await app.WaitForProgressAsync(Running, "a running job");
            var later = await app.WaitForProgressAsync(p => Running(p) && (JobNo(p) * 150) + Step(p) > (JobNo(first) * 150) + Step(first), "the job advancing");

            Assert.True(later.GetProperty("progress").GetDouble() > first.GetProperty("progress").GetDouble());
            Assert.True(later.GetProperty("progress").GetDouble() is > 0 and <= 1);
            Assert.True(later.GetProperty("eta_relative").GetDouble() >= 0);
            var state = later.GetProperty("state");
            Assert.Equal(20, state.GetProperty("job_count").GetInt32());
            Assert.Equal(150, state.GetProperty("sampling_steps").GetInt32());
            Assert.Matches(@"^\d{14}$", state.GetProperty("job_timestamp").GetString());
            Assert.StartsWith("Batch ", state.GetProperty("job").GetString(), StringComparison.Ordinal);
            Assert.False(state.GetProperty("interrupted").GetBoolean());
            Assert.NotNull(later.GetProperty("textinfo").GetString());

            // A1111's show_progress_every_n_steps (10) gives a preview once the job is past step 10.
            var withPreview = await app.WaitForProgressAsync(p => p.GetProperty("current_image").ValueKind == JsonValueKind.String, "a preview");
            Assert.Equal(s_pngSignature, Convert.FromBase64String(withPreview.GetProperty("current_image").GetString()!)[..8]);
            var withoutPreview = await app.GetAsync("progress?skip_current_image=true");
            Assert.Equal(JsonValueKind.Null, withoutPreview.Json.GetProperty("current_image").ValueKind);
        }
        finally
        {
            var interrupt = await app.PostAsync("interrupt", "");
            Assert.Equal(HttpStatusCode.OK, interrupt.Status);
            Assert.Equal("{}", interrupt.Text);
        }

        // Interrupted in its first batch: that batch's partial image comes back, the other 19 batches never run.
        var reply = await job;
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        Assert.Equal([500L], reply.Info.GetProperty("all_seeds").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Single(reply.Images);
        Assert.Equal(0, JobCount((await app.GetAsync("progress")).Json));
    }

    [Fact]
    public async Task Skip_DropsTheCurrentBatchAndTheJobGoesOn()
    {
        var job = app.PostAsync("txt2img", new { prompt = "blue square", steps = 150, n_iter = 3, seed = 1000 });
        try
        {
            await app.WaitForProgressAsync(p => Running(p) && JobNo(p) == 0, "the first batch running");
            var skip = await app.PostAsync("skip", "");
            Assert.Equal(HttpStatusCode.OK, skip.Status);
            Assert.Equal("null", skip.Text);

            await app.WaitForProgressAsync(p => JobCount(p) > 0 && JobNo(p) >= 1, "the second batch");
        }
        finally
        {
            await app.PostAsync("interrupt", "");
        }

        var reply = await job;
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        var seeds = reply.Info.GetProperty("all_seeds").EnumerateArray().Select(e => e.GetInt64()).ToList();
        Assert.DoesNotContain(1000L, seeds);
        Assert.Contains(1001L, seeds);
    }

    [Fact]
    public async Task ClientDisconnect_CancelsItsQueuedJob()
    {
        var before = app.SavedPngs().Count;
        var running = app.PostAsync("txt2img", new { prompt = "red circle", steps = 150, n_iter = 20 });
        using var cancel = new CancellationTokenSource();
        Task<ApiReply>? queued = null;
        try
        {
            await app.WaitForProgressAsync(Running, "the first job running");
            queued = app.PostAsync("txt2img", new { prompt = "queued then abandoned", steps = 1, width = 64, height = 64, save_images = true }, cancel.Token);
            await app.WaitForProgressAsync(p => p.GetProperty("textinfo").GetString()?.Contains("1 waiting", StringComparison.Ordinal) == true, "the second job waiting");
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
            await app.WaitForProgressAsync(p => p.GetProperty("textinfo").GetString()?.Contains("waiting", StringComparison.Ordinal) == false, "the second job gone from the queue");
        }
        finally
        {
            await app.PostAsync("interrupt", "");
        }

        Assert.Equal(HttpStatusCode.OK, (await running).Status);

        // The queue is first in, first out: had the abandoned job stayed, it would have run (and saved) before this one.
        var after = await app.PostAsync("txt2img", new { steps = 1, width = 64, height = 64 });
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal(before, app.SavedPngs().Count);
    }

    [Fact]
    public async Task ClientDisconnect_StopsItsRunningJob()
    {
        var before = app.SavedPngs().Count;
        using var cancel = new CancellationTokenSource();
        var job = app.PostAsync("txt2img", new { prompt = "red circle", steps = 150, n_iter = 100, seed = 9, save_images = true }, cancel.Token);

        await app.WaitForProgressAsync(Running, "the job running");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job);

        // The job is interrupted in its first batch, so only that batch's partial image is saved, not a hundred.
        await app.WaitForProgressAsync(p => JobCount(p) == 0, "the job gone");
        Assert.Equal(before + 1, app.SavedPngs().Count);
    }
}
