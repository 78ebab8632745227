using WebUi.Tests;

namespace WebUi.E2E;

/// <summary>
/// The built app started by <see cref="AppProcess"/> (shared with WebUi.Tests) on a free loopback port, with its own
/// temporary models folder (the demo model installs itself there) and data folder, both deleted afterwards.
/// <see cref="KillAndRestartAsync"/> replaces the process with a new one on the same folders.
/// </summary>
public sealed class AppServer : IAsyncDisposable
{
    private AppProcess? _process;

    private AppServer(AppProcess process, string root)
    {
        _process = process;
        Root = root;
    }

    public int Port => Process.Port;

    /// <summary>The temporary folder holding models/ and data/.</summary>
    public string Root { get; }

    public string DataPath => Path.Combine(Root, "data");

    public string ModelsPath => Path.Combine(Root, "models");

    /// <summary>Changes with every restart (each process gets a free port).</summary>
    public Uri BaseAddress => Process.BaseAddress;

    public string Output => Process.Output;

    private AppProcess Process => _process ?? throw new InvalidOperationException("The app is not running: its restart failed.");

    public static async Task<AppServer> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "webui-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        return new AppServer(await StartProcessAsync(root), root);
    }

    /// <summary>
    /// Kills the app and its children at once (no shutdown handlers run, as in a crash or a power cut), then starts a
    /// new app on the same models and data folders.
    /// </summary>
    public async Task KillAndRestartAsync()
    {
        await Process.DisposeAsync();
        _process = null;
        _process = await StartProcessAsync(Root);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left in the temp folder rather than failing the run.
        }
    }

    private static Task<AppProcess> StartProcessAsync(string root) =>
        AppProcess.StartAsync("--models-dir", Path.Combine(root, "models"), "--data-dir", Path.Combine(root, "data"));
}
