using System.Net;
using Engine.Models;

namespace Engine.Hub;

/// <summary>
/// Downloads the files of a diffusers pipeline repository from the Hugging Face hub (or a server that answers the
/// same way), resumable, with sizes and hashes verified where the hub gives them.
/// </summary>
/// <remarks>
/// The listing pins the commit the revision points to, and every file is fetched from that commit. Which files are
/// taken is decided by <see cref="HubPipelineFileSelector"/>; how each one is fetched, resumed and verified by
/// <see cref="HubFileFetcher"/>. Give it an <see cref="HttpClient"/> built on <see cref="CreateHttpHandler"/> so that
/// redirects are followed here (the token then goes to the hub's own redirects, such as a renamed repository, and
/// never to a CDN); with a client that follows redirects itself, .NET drops the token on every redirect.
/// </remarks>
public sealed class HuggingFaceDownloader
{
    private const string LockFileName = ".hub-download.lock";
    private const int MaxListingBytes = 64 << 20;
    private const int MaxJsonFileBytes = 16 << 20;

    private readonly HttpClient _http;
    private readonly HubDownloadOptions _options;

    /// <summary>Creates a downloader using <paramref name="http"/> against <paramref name="endpoint"/> (https://huggingface.co).</summary>
    public HuggingFaceDownloader(HttpClient http, Uri endpoint)
        : this(http, new HubDownloadOptions { Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint)) })
    {
    }

    /// <summary>Creates a downloader using <paramref name="http"/> with <paramref name="options"/> (endpoint, retries).</summary>
    /// <exception cref="ArgumentException">An option cannot work (the message names it).</exception>
    public HuggingFaceDownloader(HttpClient http, HubDownloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = http;
        _options = options;
    }

    /// <summary>
    /// A handler for the <see cref="HttpClient"/> to give this downloader: redirects left to the downloader, no
    /// automatic decompression (sizes and hashes are of the bytes as stored), a bounded connect time.
    /// </summary>
    public static SocketsHttpHandler CreateHttpHandler() => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// Downloads the repository into <paramref name="targetDir"/> (resuming what an earlier call left there) and
    /// returns the local folder holding the pipeline.
    /// </summary>
    /// <exception cref="HubDownloadException">
    /// The request is invalid, the hub refused or lacks it, it is not a diffusers pipeline, a file did not verify, or
    /// the connection kept failing; <see cref="HubDownloadException.Failure"/> says which.
    /// </exception>
    /// <exception cref="OperationCanceledException">Cancelled: partial files stay as <c>*.part</c> for the next call, no file is left half-written under its final name.</exception>
    public async Task<string> DownloadAsync(
        HubDownloadRequest request, string targetDir, IProgress<HubDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetDir);
        var problem = HubNames.RepoIdProblem(request.RepoId) ?? HubNames.RevisionProblem(request.Revision)
            ?? HubNames.VariantProblem(request.Variant) ?? HubNames.TokenProblem(request.Token);
        if (problem is not null)
        {
            throw new HubDownloadException(HubDownloadFailure.InvalidRequest, problem);
        }

        var folder = Path.GetFullPath(targetDir);
        var created = !Directory.Exists(folder);
        var realTarget = OpenTarget(folder);
        try
        {
            using (LockTarget(realTarget))
            {
                await DownloadIntoAsync(request, realTarget, progress, cancellationToken);
            }
        }
        catch
        {
            // A typo in the id should not leave an empty folder behind; a folder with .part files stays for resuming.
            if (created)
            {
                DeleteIfEmpty(realTarget);
            }

            throw;
        }

        return folder;
    }

    private async Task DownloadIntoAsync(
        HubDownloadRequest request, string realTarget, IProgress<HubDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var sender = new HubRequestSender(_http, _options.Endpoint, request.RepoId, request.Revision, request.Token);
        var listing = await ListAsync(sender, request, cancellationToken);
        var localPaths = listing.Files.ToDictionary(
            f => f.Path, f => HubRepoPaths.ToLocal(request.RepoId, realTarget, f.Path), StringComparer.Ordinal);
        var fetcher = new HubFileFetcher(sender, _options, request.RepoId, listing.CommitSha);
        var planning = new HubProgressTracker(null, 0, long.MaxValue);

        var modelIndex = listing.Find(HubPipelineFileSelector.ModelIndex) ?? throw new HubDownloadException(
            HubDownloadFailure.NotADiffusersPipeline,
            $"'{request.RepoId}' has no {HubPipelineFileSelector.ModelIndex} at its root, so it is not a diffusers pipeline. " +
            "If it holds a single checkpoint file, download that file and import it as a checkpoint instead.");
        CheckJsonSize(modelIndex, modelIndex.Size);
        await fetcher.FetchAsync(modelIndex, localPaths[modelIndex.Path], planning, cancellationToken);
        var components = HubPipelineFileSelector.Components(
            request.RepoId, await ReadJsonFileAsync(modelIndex, localPaths[modelIndex.Path], cancellationToken), _options.SkippedComponents);

        var plan = new List<HubRepoFile> { modelIndex };
        foreach (var component in components)
        {
            var (files, shardIndex) = HubPipelineFileSelector.Select(request.RepoId, listing, component, request.Variant);
            plan.AddRange(files);
            if (shardIndex is not null)
            {
                CheckJsonSize(shardIndex, shardIndex.Size);
                await fetcher.FetchAsync(shardIndex, localPaths[shardIndex.Path], planning, cancellationToken);
                var indexJson = await ReadJsonFileAsync(shardIndex, localPaths[shardIndex.Path], cancellationToken);
                plan.AddRange(HubPipelineFileSelector.Shards(request.RepoId, listing, shardIndex, indexJson));
            }
        }

        plan = [.. plan.DistinctBy(f => f.Path, StringComparer.Ordinal)];
        var tracker = new HubProgressTracker(progress, plan.Sum(f => f.Size ?? 0), _options.ProgressInterval);
        foreach (var file in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await fetcher.FetchAsync(file, localPaths[file.Path], tracker, cancellationToken);
        }

        RemoveUnplannedFiles(realTarget, plan.Select(f => localPaths[f.Path]));
    }

    /// <summary>
    /// Deletes what an earlier call into the same folder left that this plan does not name (another revision's or
    /// variant's weights, their <c>.part</c> files), so the folder holds exactly this download: an importer that prefers
    /// plain weight names would otherwise convert a stale file.
    /// </summary>
    private static void RemoveUnplannedFiles(string realTarget, IEnumerable<string> plannedPaths)
    {
        var keep = new HashSet<string>(plannedPaths.Select(Path.GetFullPath), StringComparer.Ordinal) { Path.Combine(realTarget, LockFileName) };
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var file in Directory.EnumerateFiles(realTarget, "*", options).Where(f => !keep.Contains(Path.GetFullPath(f))).ToList())
        {
            File.Delete(file);
        }

        foreach (var folder in Directory.EnumerateDirectories(realTarget, "*", options).OrderByDescending(f => f.Length).ToList())
        {
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
    }

    private async Task<HubRepoListing> ListAsync(HubRequestSender sender, HubDownloadRequest request, CancellationToken cancellationToken)
    {
        var url = HubUrls.ModelInfo(_options.Endpoint, request.RepoId, request.Revision);
        var json = await HubRetry.RunAsync(
            _options,
            $"Listing the files of '{request.RepoId}'",
            "Check the connection (and the hub endpoint setting) and try again.",
            async ct =>
            {
                using var response = await sender.GetAsync(url, null, null, ct);
                try
                {
                    return await ReadLimitedAsync(response.Message.Content, ct);
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    throw new HubTransientException($"the connection dropped while reading the file list ({e.Message}).", null, e);
                }
            },
            cancellationToken);
        return HubRepoListing.Parse(request.RepoId, json);
    }

    private static async Task<byte[]> ReadJsonFileAsync(HubRepoFile file, string localPath, CancellationToken cancellationToken)
    {
        CheckJsonSize(file, new FileInfo(localPath).Length);
        return await File.ReadAllBytesAsync(localPath, cancellationToken);
    }

    // model_index.json and weight indexes are read into memory: refuse sizes no real index has.
    private static void CheckJsonSize(HubRepoFile file, long? size)
    {
        if (size > MaxJsonFileBytes)
        {
            throw new HubDownloadException(
                HubDownloadFailure.NotADiffusersPipeline,
                $"'{file.Path}' is larger than {MaxJsonFileBytes >> 20} MB, which no diffusers index is; the repository is not a pipeline this app can download.");
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxListingBytes)
            {
                throw new HubDownloadException(
                    HubDownloadFailure.InvalidListing,
                    $"The hub's file list is larger than {MaxListingBytes >> 20} MB; check that the endpoint is a Hugging Face hub or mirror.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string OpenTarget(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            return PathGuard.RealPath(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HubDownloadException(
                HubDownloadFailure.LocalFiles, $"Could not create the download folder '{folder}' ({e.Message}): check the path and its permissions.", e);
        }
    }

    private static void DeleteIfEmpty(string folder)
    {
        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the download's own failure is the one to report.
        }
    }

    // One download per folder at a time: two would write the same .part files.
    private static FileStream LockTarget(string realTarget)
    {
        var path = Path.Combine(realTarget, LockFileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException e)
        {
            throw new HubDownloadException(
                HubDownloadFailure.LocalFiles,
                $"Another download into '{realTarget}' is running (or its lock file '{LockFileName}' cannot be opened: {e.Message}). Wait for it to finish, or choose another folder.",
                e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new HubDownloadException(HubDownloadFailure.LocalFiles, $"Could not write in '{realTarget}' ({e.Message}): check its permissions.", e);
        }
    }
}
