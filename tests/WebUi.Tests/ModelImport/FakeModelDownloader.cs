using Engine.Hub;
using WebUi.ModelImport;

namespace WebUi.Tests.ModelImport;

/// <summary>
/// Stands in for the hub: "downloads" by copying a local pipeline folder into the target, reporting bytes per file; it
/// can hold before finishing (until <see cref="Release"/>) or fail, and remembers what it was asked for.
/// </summary>
internal sealed class FakeModelDownloader(string? pipelineFolder = null) : IModelDownloader
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Hold in <see cref="DownloadAsync"/> (after the first progress report) until <see cref="Release"/>.</summary>
    public bool Hold { get; init; }

    /// <summary>Throw this instead of downloading.</summary>
    public Exception? Failure { get; init; }

    public HubDownloadRequest? LastRequest { get; private set; }

    public string? LastTarget { get; private set; }

    /// <summary>Completes when a download has started (and reported its first progress).</summary>
    public Task Started => _started.Task;

    public void Release() => _release.TrySetResult();

    public async Task<string> DownloadAsync(
        HubDownloadRequest request, string targetDir, IProgress<HubDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        LastRequest = request;
        LastTarget = targetDir;
        var files = pipelineFolder is null ? [] : Directory.GetFiles(pipelineFolder, "*", SearchOption.AllDirectories);
        var total = files.Sum(f => new FileInfo(f).Length);
        progress?.Report(new HubDownloadProgress("model_index.json", 0, total));
        _started.TrySetResult();
        if (Hold)
        {
            await _release.Task.WaitAsync(cancellationToken);
        }

        if (Failure is not null)
        {
            throw Failure;
        }

        var done = 0L;
        var snapshot = Path.Combine(targetDir, "snapshot");
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(pipelineFolder!, file);
            var to = Path.Combine(snapshot, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to, overwrite: true);
            done += new FileInfo(file).Length;
            progress?.Report(new HubDownloadProgress(relative.Replace('\\', '/'), done, total));
        }

        return snapshot;
    }
}
