using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace WebUi.Tests.Api;

/// <summary>
/// Memory under API load, measured and reported, not asserted: a fresh app on the demo model, several rounds of twenty
/// concurrent txt2img clients, and the app's own <c>/sdapi/v1/memory</c> figures (working set, managed heap now and as
/// the last garbage collection left it) before, after each round, and at the end. Opt-in, since it measures:
/// <code>RUN_LOAD_BENCHMARK=1 [LOAD_BENCHMARK_ROUNDS=5] dotnet test tests/WebUi.Tests --filter ApiLoadBenchmark --logger "console;verbosity=detailed"</code>
/// </summary>
public sealed class ApiLoadBenchmark(ITestOutputHelper output)
{
    private const int Clients = 20;

    [SkippableFact]
    public async Task RoundsOfTwentyClients_ReportMemory()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("RUN_LOAD_BENCHMARK") == "1", "The load benchmark runs only with RUN_LOAD_BENCHMARK=1 (it measures, it does not test).");
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("LOAD_BENCHMARK_ROUNDS"), CultureInfo.InvariantCulture, out var n) ? n : 5;
        var temp = Directory.CreateTempSubdirectory("webui-load-");
        try
        {
            await using var app = await AppProcess.StartAsync("--cpu", "--models-dir", Path.Combine(temp.FullName, "models"), "--data-dir", Path.Combine(temp.FullName, "data"));
            using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(30) };

            // One job first, so the demo model is loaded and the sessions exist before the baseline.
            await GenerateAsync(http, -1, 1);
            var report = new StringBuilder();
            report.AppendLine("| point | working set MB | GC heap MB | heap after last GC MB | seconds |");
            report.AppendLine("|---|---|---|---|---|");
            Row(report, "before (after one warm-up job)", await MemoryAsync(http), 0);
            for (var round = 1; round <= rounds; round++)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var replies = await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => GenerateAsync(http, (round * 1000) + i, 20)));
                clock.Stop();
                Assert.All(replies, status => Assert.Equal(HttpStatusCode.OK, status));
                Row(report, $"after round {round} ({Clients} clients)", await MemoryAsync(http), clock.Elapsed.TotalSeconds);
            }

            output.WriteLine(report.ToString());
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    private static async Task<HttpStatusCode> GenerateAsync(HttpClient http, int seed, int steps)
    {
        var body = JsonSerializer.Serialize(new { prompt = "red circle, blue background", seed, steps, width = 256, height = 256 });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/sdapi/v1/txt2img", UriKind.Relative), content);
        return response.StatusCode;
    }

    private static async Task<JsonElement> MemoryAsync(HttpClient http)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/sdapi/v1/memory", UriKind.Relative)));
        return document.RootElement.GetProperty("ram").Clone();
    }

    private static void Row(StringBuilder report, string point, JsonElement ram, double seconds)
    {
        static string Mb(JsonElement ram, string key) => (ram.GetProperty(key).GetInt64() / (1024.0 * 1024)).ToString("F1", CultureInfo.InvariantCulture);
        report.AppendLine(CultureInfo.InvariantCulture, $"| {point} | {Mb(ram, "used")} | {Mb(ram, "gc_heap")} | {Mb(ram, "gc_heap_after_last_gc")} | {seconds:F1} |");
    }
}
