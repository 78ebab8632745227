using WebUi.Tests;

namespace WebUi.E2E;

/// <summary>
/// The built app started by <see cref="AppProcess"/> (shared with WebUi.Tests) on a free loopback port, with its own
/// temporary models folder (the demo model installs itself there) and data folder, both deleted afterwards.
/// <see cref="KillAsync"/> and <see cref="RestartAsync"/> stop it as a crash would and start it again on the same folders
/// with the same arguments.
/// </summary>
public sealed class AppServer : IAsyncDisposable
{
    private readonly string[] _arguments;
    private AppProcess? _process;

    private AppServer(AppProcess process, string root, string[] arguments)
    {
        _process = process;
        Root = root;
        _arguments = arguments;
    }

    public int Port => Process.Port;

    /// <summary>The temporary folder holding models/ and data/.</summary>
    public string Root { get; }

    public string DataPath => Path.Combine(Root, "data");

    public string ModelsPath => Path.Combine(Root, "models");

    /// <summary>Changes with every restart (each process gets a free port).</summary>
    public Uri BaseAddress => Process.BaseAddress;

    public string Output => Process.Output;

    private AppProcess Process => _process ?? throw new InvalidOperationException("The app is not running.");

    /// <summary>Starts the app with its own new folders and any further <paramref name="arguments"/> (say, --auth).</summary>
    public static Task<AppServer> StartAsync(params string[] arguments) => StartInAsync(NewRoot(), arguments);

    /// <summary>Starts the app on <paramref name="root"/> (e.g. a <see cref="NewRoot"/> filled beforehand), which it then owns.</summary>
    public static async Task<AppServer> StartInAsync(string root, params string[] arguments) =>
        new(await StartProcessAsync(root, arguments), root, arguments);

    /// <summary>A new, empty temporary folder for <see cref="StartInAsync"/>; its data folder is <c>data/</c>.</summary>
    public static string NewRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "webui-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        return root;
    }

    /// <summary>Kills the app and its children at once: no shutdown code runs, as in a crash or a power cut.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>Kills the app if it runs, then starts a new one on the same models and data folders.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        _process = await StartProcessAsync(Root, _arguments);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left in the temp folder rather than failing the run.
        }
    }

    private static Task<AppProcess> StartProcessAsync(string root, string[] arguments) =>
        AppProcess.StartAsync([.. arguments, "--models-dir", Path.Combine(root, "models"), "--data-dir", Path.Combine(root, "data")]);
}
