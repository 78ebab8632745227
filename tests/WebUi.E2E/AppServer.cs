using WebUi.Tests;

namespace WebUi.E2E;

/// <summary>
/// The built app started by <see cref="AppProcess"/> (shared with WebUi.Tests) on a free loopback port, with its own
/// temporary models folder (the demo model installs itself there) and data folder, both deleted afterwards.
/// </summary>
public sealed class AppServer : IAsyncDisposable
{
    private readonly AppProcess _process;

    private AppServer(AppProcess process, string root)
    {
        _process = process;
        Root = root;
    }

    public int Port => _process.Port;

    /// <summary>The temporary folder holding models/ and data/.</summary>
    public string Root { get; }

    public string DataPath => Path.Combine(Root, "data");

    public Uri BaseAddress => _process.BaseAddress;

    public string Output => _process.Output;

    /// <summary>Starts the app with its own folders and any further <paramref name="arguments"/> (say, --auth).</summary>
    public static async Task<AppServer> StartAsync(params string[] arguments)
    {
        var root = Path.Combine(Path.GetTempPath(), "webui-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var process = await AppProcess.StartAsync(
            [.. arguments, "--models-dir", Path.Combine(root, "models"), "--data-dir", Path.Combine(root, "data")]);
        return new AppServer(process, root);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left in the temp folder rather than failing the run.
        }
    }
}
