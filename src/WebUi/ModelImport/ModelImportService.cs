using Engine.Conversion;
using Engine.Hub;
using Engine.Models;

namespace WebUi.ModelImport;

/// <summary>
/// Runs one model import at a time on the thread pool, independent of any browser circuit: an optional download into
/// <c>&lt;models&gt;/.downloads/owner--name</c> (kept until the import succeeds, so a retry resumes), then
/// <see cref="ModelImporter"/>, which stages its output and removes it on failure or cancellation. On success the
/// catalog is rescanned, so the new model is listed everywhere. Subscribers get a new <see cref="ModelImportStatus"/>
/// on every state change and on progress at most every <see cref="ProgressInterval"/>, on the importing thread, so
/// they must only hand it on (Blazor components: <c>InvokeAsync</c>). Singleton; the web app and the command line
/// both use it.
/// </summary>
public sealed class ModelImportService : IDisposable
{
    /// <summary>The download cache folder under the models folder (hidden, so neither the catalog nor the source list shows it).</summary>
    public const string DownloadsFolderName = ".downloads";

    /// <summary>Shortest gap between two progress notifications.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);

    private readonly ModelCatalog _catalog;
    private readonly IModelDownloader _downloader;
    private readonly HubTokenStore _tokens;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelImportService> _logger;
    private readonly Lock _lock = new();
    private readonly List<Action<ModelImportStatus>> _subscribers = [];
    private ModelImportStatus? _current;
    private CancellationTokenSource? _cancellation;
    private Task _completion = Task.CompletedTask;
    private DateTimeOffset _lastProgress = DateTimeOffset.MinValue;
    private DateTimeOffset _phaseStartedAt;

    public ModelImportService(
        ModelCatalog catalog, IModelDownloader downloader, HubTokenStore tokens, TimeProvider time, ILogger<ModelImportService> logger)
    {
        _catalog = catalog;
        _downloader = downloader;
        _tokens = tokens;
        _time = time;
        _logger = logger;
    }

    /// <summary>The models folder, absolute.</summary>
    public string ModelsRoot => _catalog.RootPath;

    /// <summary>Where downloads are cached.</summary>
    public string DownloadsRoot => Path.Combine(ModelsRoot, DownloadsFolderName);

    /// <summary>The running import, or the last one to finish; null before the first.</summary>
    public ModelImportStatus? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>True while an import runs (another one is refused).</summary>
    public bool IsRunning => Current is { IsFinished: false };

    /// <summary>Completes when the running import (or the last one) has finished; it never faults.</summary>
    public Task Completion
    {
        get
        {
            lock (_lock)
            {
                return _completion;
            }
        }
    }

    /// <summary>Calls <paramref name="callback"/> with every new status until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Action<ModelImportStatus> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_lock)
        {
            _subscribers.Add(callback);
        }

        return new Subscription(this, callback);
    }

    /// <summary>
    /// Starts <paramref name="request"/> in the background as <paramref name="startedBy"/>; false, with the problems by
    /// field (<c>Busy</c> when another import runs), when it cannot start.
    /// </summary>
    public bool TryStart(ModelImportRequest request, string startedBy, out IReadOnlyDictionary<string, InputProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(startedBy);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ModelImportStatus first;
        lock (_lock)
        {
            if (_current is { IsFinished: false } running)
            {
                problems = new Dictionary<string, InputProblem>(StringComparer.Ordinal)
                {
                    ["Busy"] = new InputProblem("Another import ({0}) is running; wait for it or cancel it.", running.Name),
                };
                return false;
            }

            problems = request.Validate(ModelsRoot);
            if (problems.Count > 0)
            {
                return false;
            }

            var now = _time.GetUtcNow();
            _phaseStartedAt = now;
            _lastProgress = DateTimeOffset.MinValue;
            _current = new ModelImportStatus
            {
                Id = Guid.NewGuid().ToString("N"),
                Name = request.Name,
                Source = request.Description,
                StartedBy = startedBy,
                State = request.IsDownload ? ModelImportState.Downloading : ModelImportState.Importing,
                StartedAt = now,
            };
            _cancellation?.Dispose();
            _cancellation = new CancellationTokenSource();
            var token = _cancellation.Token;
            // The first status reaches subscribers before any progress can: the work waits for it.
            _completion = Task.Run(
                async () =>
                {
                    await started.Task.ConfigureAwait(false);
                    await RunAsync(request, token).ConfigureAwait(false);
                },
                CancellationToken.None);
            first = _current;
        }

        _logger.LogInformation("Model import started by {StartedBy}: {Import}", startedBy, request.ToString());
        Publish(first);
        started.SetResult();
        return true;
    }

    /// <summary>Cancels the running import; false when none runs.</summary>
    public bool Cancel()
    {
        lock (_lock)
        {
            if (_current is not { IsFinished: false } || _cancellation is null)
            {
                return false;
            }

            _cancellation.Cancel();
            return true;
        }
    }

    /// <summary>Cancels a running import (the app is stopping); its staging folder is removed by the importer.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _cancellation?.Cancel();
        }
    }

    /// <summary>The estimated time left after <paramref name="elapsed"/> reached <paramref name="fraction"/>; null before 1%.</summary>
    public static TimeSpan? EstimateRemaining(TimeSpan elapsed, double fraction)
    {
        if (fraction >= 1)
        {
            return TimeSpan.Zero;
        }

        if (fraction < 0.01 || elapsed <= TimeSpan.Zero)
        {
            return null;
        }

        return TimeSpan.FromSeconds(Math.Round(elapsed.TotalSeconds * (1 - fraction) / fraction));
    }

    private async Task RunAsync(ModelImportRequest request, CancellationToken cancellationToken)
    {
        string? downloadFolder = null;
        try
        {
            var source = request.Source?.FullPath;
            if (request.IsDownload)
            {
                downloadFolder = await DownloadAsync(request, cancellationToken).ConfigureAwait(false);
                source = downloadFolder;
                StartPhase(s => s with { State = ModelImportState.Importing, Component = null, Stage = null, Fraction = 0, Eta = null });
            }

            var target = Path.Combine(ModelsRoot, request.Name);
            var progress = new InlineProgress<ModelImportProgress>(p => Report(s => s with
            {
                Component = p.Component,
                Stage = p.Stage,
                Fraction = Math.Clamp(p.Fraction, 0, 1),
            }));
            var options = request.Options;
            if (File.Exists(source) && options.TokenizerSource is null && InstalledTokenizer.For(source, _catalog.Models) is { } tokenizer)
            {
                _logger.LogInformation("Model import of {Source} takes its tokenizer from {Tokenizer}", request.Description, tokenizer);
                options = options with { TokenizerSource = tokenizer };
            }

            await ModelImporter.ImportAsync(source!, target, options, progress, cancellationToken).ConfigureAwait(false);
            RefreshCatalog();
            if (downloadFolder is not null)
            {
                TryDelete(Path.Combine(DownloadsRoot, HubRepoId.CacheFolderName(request.RepoId!)));
            }

            _logger.LogInformation("Model import of {Source} as {Name} succeeded", request.Description, request.Name);
            Finish(s => s with { State = ModelImportState.Succeeded, Fraction = 1, Eta = TimeSpan.Zero, Component = "model", Stage = "done" });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _logger.LogInformation("Model import of {Source} as {Name} was cancelled", request.Description, request.Name);
            Finish(s => s with { State = ModelImportState.Cancelled, Eta = null });
        }
        catch (Exception ex)
        {
            // Any failure ends this import, never the app: the message is what the page and the command line show.
            _logger.LogWarning("Model import of {Source} as {Name} failed: {Reason}", request.Description, request.Name, ex.Message);
            Finish(s => s with { State = ModelImportState.Failed, Error = ex.Message, Eta = null });
        }
    }

    // The model is installed once the importer has renamed its folder: a rescan that fails now does not undo that.
    private void RefreshCatalog()
    {
        try
        {
            _catalog.Refresh();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("The model list could not be rescanned after an import ({Reason}); press Look again on the Models page", ex.Message);
        }
    }

    private async Task<string> DownloadAsync(ModelImportRequest request, CancellationToken cancellationToken)
    {
        var cache = Path.Combine(DownloadsRoot, HubRepoId.CacheFolderName(request.RepoId!));
        Directory.CreateDirectory(cache);
        var hubRequest = new HubDownloadRequest(request.RepoId!, request.Revision, request.Token ?? _tokens.Token) { Variant = request.Variant };
        var progress = new InlineProgress<HubDownloadProgress>(p => Report(s => s with
        {
            Component = p.File,
            BytesDone = p.BytesDone,
            BytesTotal = p.BytesTotal,
            Fraction = p.BytesTotal > 0 ? Math.Clamp((double)p.BytesDone / p.BytesTotal, 0, 1) : 0,
        }));
        string folder;
        try
        {
            folder = Path.GetFullPath(await _downloader.DownloadAsync(hubRequest, cache, progress, cancellationToken).ConfigureAwait(false));
        }
        catch when (!Directory.EnumerateFileSystemEntries(cache).Any())
        {
            // Nothing to resume (a mistyped repository, say): no empty cache folder is left.
            Directory.Delete(cache);
            throw;
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(cache));
        if (!string.Equals(folder, root, StringComparison.Ordinal) && !folder.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The download ended outside its cache folder ({folder}).");
        }

        return folder;
    }

    private void StartPhase(Func<ModelImportStatus, ModelImportStatus> change)
    {
        ModelImportStatus next;
        lock (_lock)
        {
            _phaseStartedAt = _time.GetUtcNow();
            _lastProgress = DateTimeOffset.MinValue;
            next = _current = change(_current!);
        }

        Publish(next);
    }

    private void Report(Func<ModelImportStatus, ModelImportStatus> change)
    {
        ModelImportStatus next;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var changed = change(_current!);
            next = _current = changed with { Eta = EstimateRemaining(now - _phaseStartedAt, changed.Fraction) };
            if (now - _lastProgress < ProgressInterval)
            {
                return;
            }

            _lastProgress = now;
        }

        Publish(next);
    }

    private void Finish(Func<ModelImportStatus, ModelImportStatus> change)
    {
        ModelImportStatus next;
        lock (_lock)
        {
            next = _current = change(_current!) with { FinishedAt = _time.GetUtcNow() };
        }

        Publish(next);
    }

    private void Publish(ModelImportStatus status)
    {
        Action<ModelImportStatus>[] targets;
        lock (_lock)
        {
            targets = [.. _subscribers];
        }

        foreach (var subscriber in targets)
        {
            try
            {
                subscriber(status);
            }
            catch (Exception ex)
            {
                // One broken subscriber (say, a closed circuit) must not stop the import or the others.
                _logger.LogWarning(ex, "A subscriber of model import {ImportId} failed", status.Id);
            }
        }
    }

    private void Unsubscribe(Action<ModelImportStatus> callback)
    {
        lock (_lock)
        {
            _subscribers.Remove(callback);
        }
    }

    private void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("The download cache {Folder} could not be removed: {Reason}", folder, ex.Message);
        }
    }

    private sealed class Subscription(ModelImportService owner, Action<ModelImportStatus> callback) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(callback);
            }
        }
    }

    /// <summary>Reports on the reporting thread, unlike <see cref="Progress{T}"/>, so values arrive in order and at once.</summary>
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
