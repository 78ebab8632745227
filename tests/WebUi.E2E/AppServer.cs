using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WebUi.E2E;

/// <summary>
/// The built app (src/WebUi/bin/&lt;Configuration&gt;/net10.0/WebUi.dll) started on a free loopback port with temporary
/// models and data folders; start-up is awaited by reading Kestrel's "Now listening on" line (as WebUi.Tests' AppProcess).
/// </summary>
public sealed class AppServer : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();

    private AppServer(Process process, int port, string root)
    {
        _process = process;
        Port = port;
        Root = root;
    }

    public int Port { get; }

    /// <summary>The temporary folder holding models/ and data/.</summary>
    public string Root { get; }

    public string DataPath => Path.Combine(Root, "data");

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<AppServer> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "webui-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var argument in new[]
        {
            AppDll(), "--models-dir", Path.Combine(root, "models"), "--data-dir", Path.Combine(root, "data"),
            "--port", port.ToString(CultureInfo.InvariantCulture),
        })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new AppServer(process, port, root);
        process.OutputDataReceived += (_, e) => server.Append(e.Data, listening);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data, listening);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The app exited with code {process.ExitCode}:\n{server.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(s_startTimeout);
        }
        catch (TimeoutException)
        {
            await server.DisposeAsync();
            throw new TimeoutException($"The app did not start listening within {s_startTimeout.TotalSeconds} s:\n{server.Output}");
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left in the temp folder rather than failing the run.
        }
    }

    private void Append(string? line, TaskCompletionSource listening)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("Now listening on:", StringComparison.Ordinal))
        {
            listening.TrySetResult();
        }
    }

    private static string AppDll()
    {
        // tests/WebUi.E2E/bin/<Configuration>/<tfm>/ → src/WebUi/bin/<Configuration>/<tfm>/WebUi.dll
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "src", "WebUi", "bin", configuration, tfm, "WebUi.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"The app is not built: {dll}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
