using System.Net;
using System.Text;
using System.Text.Json;
using Engine.Demo;

namespace WebUi.Tests.Api;

/// <summary>
/// The real app on 127.0.0.1 (real Kestrel, started as run.sh starts it) over a models folder holding two demo models,
/// "demo" (installed by the app) and "demo-b" (written here), shared by the API's HTTP tests.
/// </summary>
public sealed class ApiAppFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("webui-api-");
    private AppProcess? _app;

    public string ModelsPath => Path.Combine(_temp.FullName, "models");

    public string DataPath => Path.Combine(_temp.FullName, "data");

    public HttpClient Http { get; private set; } = null!;

    public string Output => _app?.Output ?? "";

    public async Task InitializeAsync()
    {
        DemoModelWriter.Write(Path.Combine(ModelsPath, "demo-b"), new DemoModelOptions());
        _app = await AppProcess.StartAsync("--models-dir", ModelsPath, "--data-dir", DataPath);
        Http = new HttpClient { BaseAddress = _app.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _temp.Delete(recursive: true);
    }

    /// <summary>POSTs <paramref name="json"/> (sent as is) to /sdapi/v1/<paramref name="path"/>.</summary>
    public async Task<ApiReply> PostAsync(string path, string json, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri("/sdapi/v1/" + path, UriKind.Relative), content, cancellationToken);
        return await ApiReply.ReadAsync(response);
    }

    public Task<ApiReply> PostAsync(string path, object body, CancellationToken cancellationToken = default) =>
        PostAsync(path, JsonSerializer.Serialize(body), cancellationToken);

    public async Task<ApiReply> GetAsync(string pathAndQuery)
    {
        using var response = await Http.GetAsync(new Uri("/sdapi/v1/" + pathAndQuery, UriKind.Relative));
        return await ApiReply.ReadAsync(response);
    }

    /// <summary>
    /// Polls <c>progress</c> until <paramref name="condition"/> holds and returns that reply; paced by a short delay,
    /// failing after a generous limit (the condition, not the delay, is what the test waits on).
    /// </summary>
    public async Task<JsonElement> WaitForProgressAsync(Func<JsonElement, bool> condition, string what)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < limit)
        {
            var reply = await GetAsync("progress");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            if (condition(reply.Json))
            {
                return reply.Json;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"progress never showed {what}.\n{Output}");
    }

    /// <summary>Every PNG saved under the data folder's outputs.</summary>
    public IReadOnlyList<string> SavedPngs()
    {
        var outputs = Path.Combine(DataPath, "outputs");
        return Directory.Exists(outputs) ? Directory.GetFiles(outputs, "*.png", SearchOption.AllDirectories) : [];
    }
}

/// <summary>An HTTP answer: status and JSON body (Undefined when the body is empty).</summary>
public sealed record ApiReply(HttpStatusCode Status, string Text, JsonElement Json)
{
    public static async Task<ApiReply> ReadAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement json = default;
        if (text.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                json = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // Left Undefined; the test's assertion on Json will say so, with Text in its message.
            }
        }

        return new ApiReply(response.StatusCode, text, json);
    }

    /// <summary>The <c>info</c> string of a generation reply, parsed.</summary>
    public JsonElement Info
    {
        get
        {
            using var document = JsonDocument.Parse(Json.GetProperty("info").GetString()!);
            return document.RootElement.Clone();
        }
    }

    /// <summary>The reply's images, decoded from base64.</summary>
    public IReadOnlyList<byte[]> Images => [.. Json.GetProperty("images").EnumerateArray().Select(e => Convert.FromBase64String(e.GetString()!))];
}
