using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Engine.Imaging;

namespace WebUi.Tests.Api;

/// <summary>
/// Twenty API clients at once against the real app on the demo model: every one is served its own job (its seed, its
/// prompt, its infotext), none is lost or served twice, and the jobs run in the order the queue took them. The run
/// order is read from the gallery: with <c>save_images</c> each job's PNG gets the next A1111 file number when it ends,
/// and one worker runs the jobs one after another.
/// </summary>
[Collection(ApiAppCollection.Name)]
public sealed partial class SdApiLoadTests(ApiAppFixture app)
{
    private const int Clients = 20;

    [Fact]
    public async Task TwentyClientsQueuedBehindARunningJob_AreServedTheirOwnJobsInQueueOrder()
    {
        var before = app.SavedPngs().ToHashSet(StringComparer.Ordinal);

        // A long job holds the worker while the twenty queue up one by one, so the queue's order is known.
        var blocker = app.PostAsync("txt2img", new { prompt = "blue square", steps = 150, width = 256, height = 256, n_iter = 100, seed = 1 });
        await app.WaitForProgressAsync(p => p.GetProperty("state").GetProperty("sampling_step").GetInt32() > 0, "the long job running");
        var clients = new List<Task<ApiReply>>();
        for (var i = 0; i < Clients; i++)
        {
            clients.Add(app.PostAsync("txt2img", Request(i, 100 + i)));
            var queued = i + 1;
            await app.WaitForProgressAsync(p => Waiting(p) == queued, $"{queued} jobs waiting");
        }

        Assert.Equal(HttpStatusCode.OK, (await app.PostAsync("interrupt", "")).Status);
        var blocked = await blocker;
        var replies = await Task.WhenAll(clients);

        Assert.True(blocked.Status == HttpStatusCode.OK, blocked.Text);
        for (var i = 0; i < Clients; i++)
        {
            AssertOwnJob(replies[i], i, 100 + i);
        }

        // Exactly twenty new gallery images, one per client, numbered in the order the clients were queued.
        var saved = NewPngsInRunOrder(before);
        Assert.Equal(Enumerable.Range(100, Clients).Select(s => (long)s), saved.Select(SeedOf));
        var timestamps = replies.Select(r => r.Info.GetProperty("job_timestamp").GetString()!).ToList();
        Assert.Equal(timestamps.Order(StringComparer.Ordinal), timestamps);
    }

    [Fact]
    public async Task TwentyClientsAtOnce_AreEachServedExactlyTheirOwnJob()
    {
        var before = app.SavedPngs().ToHashSet(StringComparer.Ordinal);

        var replies = await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => app.PostAsync("txt2img", Request(i, 500 + i))));

        for (var i = 0; i < Clients; i++)
        {
            AssertOwnJob(replies[i], i, 500 + i);
        }

        // None lost, none run twice; the gallery's order is the order the jobs started in.
        var seeds = NewPngsInRunOrder(before).Select(SeedOf).ToList();
        Assert.Equal(Enumerable.Range(500, Clients).Select(s => (long)s), seeds.Order());
        var started = seeds.Select(seed => replies[(int)seed - 500].Info.GetProperty("job_timestamp").GetString()!).ToList();
        Assert.Equal(started.Order(StringComparer.Ordinal), started);
    }

    private static object Request(int client, int seed) =>
        new { prompt = $"red circle, client {client}", seed, steps = 3, width = 64, height = 64, save_images = true };

    private static void AssertOwnJob(ApiReply reply, int client, int seed)
    {
        Assert.True(reply.Status == HttpStatusCode.OK, $"client {client}: {(int)reply.Status} {reply.Text}");
        var info = reply.Info;
        Assert.Equal([(long)seed], info.GetProperty("all_seeds").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal($"red circle, client {client}", info.GetProperty("prompt").GetString());
        var infotext = Assert.Single(info.GetProperty("infotexts").EnumerateArray()).GetString()!;
        Assert.StartsWith($"red circle, client {client}\n", infotext, StringComparison.Ordinal);
        Assert.Contains($"Seed: {seed},", infotext, StringComparison.Ordinal);
        Assert.Equal(infotext, PngTextReader.ReadParameters(Assert.Single(reply.Images)));
        Assert.Equal($"red circle, client {client}", reply.Json.GetProperty("parameters").GetProperty("prompt").GetString());
    }

    // "Step 3/150, 4 waiting in the queue" -> 4.
    private static int Waiting(System.Text.Json.JsonElement progress) =>
        WaitingText().Match(progress.GetProperty("textinfo").GetString() ?? "") is { Success: true } match
            ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : 0;

    private List<string> NewPngsInRunOrder(HashSet<string> before) =>
        [.. app.SavedPngs().Where(p => !before.Contains(p)).OrderBy(Path.GetDirectoryName, StringComparer.Ordinal).ThenBy(Path.GetFileName, StringComparer.Ordinal)];

    private static long SeedOf(string png)
    {
        var infotext = PngTextReader.ReadParameters(File.ReadAllBytes(png)) ?? "";
        var match = SeedField().Match(infotext);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }

    [GeneratedRegex(@"(\d+) waiting in the queue")]
    private static partial Regex WaitingText();

    [GeneratedRegex(@"Seed: (\d+),")]
    private static partial Regex SeedField();
}
