using System.Net;

namespace Engine.Hub;

/// <summary>
/// Brings one repository file into place: skipped when already there and verified; otherwise downloaded into
/// <c>{file}.part</c>, resuming what an earlier attempt or call left with a <c>Range</c> request, verified (size, then
/// SHA-256 or git blob id) and only then renamed to its final name. Dropped connections are retried from where they
/// stopped; the <c>.part</c> file survives failures and cancellation, and is deleted only when its content is wrong.
/// </summary>
internal sealed class HubFileFetcher(HubRequestSender sender, HubDownloadOptions options, string repoId, string commit)
{
    private const int BufferSize = 1 << 17;

    /// <summary>The suffix of a file being downloaded.</summary>
    public const string PartSuffix = ".part";

    /// <summary>Makes <paramref name="localPath"/> hold <paramref name="file"/>, verified.</summary>
    public async Task FetchAsync(HubRepoFile file, string localPath, HubProgressTracker progress, CancellationToken cancellationToken)
    {
        if (File.Exists(localPath))
        {
            if (await IsInPlaceAsync(file, localPath, cancellationToken))
            {
                progress.Finish(file.Path, new FileInfo(localPath).Length, file.Size is not null);
                return;
            }

            // Another revision's file, or damaged since: fetch it again.
            Local(() => File.Delete(localPath), localPath);
        }

        Local(() => Directory.CreateDirectory(Path.GetDirectoryName(localPath)!), localPath);
        var size = await HubRetry.RunAsync(
            options,
            $"Downloading '{file.Path}' of '{repoId}'",
            "The part downloaded so far is kept: download again to resume.",
            ct => AttemptAsync(file, localPath, progress, ct),
            cancellationToken);
        progress.Finish(file.Path, size, file.Size is not null);
    }

    private async Task<long> AttemptAsync(HubRepoFile file, string localPath, HubProgressTracker progress, CancellationToken cancellationToken)
    {
        var part = localPath + PartSuffix;
        var have = File.Exists(part) ? new FileInfo(part).Length : 0;
        if (file.Size is { } listedSize && have >= listedSize && have > 0)
        {
            // Complete (a rename never happened) or longer than the file can be: check it without a request.
            if (have == listedSize && await IsInPlaceAsync(file, part, cancellationToken))
            {
                progress.Start(file.Path, have);
                Local(() => File.Move(part, localPath, overwrite: true), localPath);
                return have;
            }

            Local(() => File.Delete(part), part);
            have = 0;
        }

        var url = HubUrls.Resolve(sender.Endpoint, repoId, commit, file.Path);
        using var response = await sender.GetAsync(url, have > 0 ? have : null, file.Path, cancellationToken);
        if (response.RepoCommit is { } served && !string.Equals(served, commit, StringComparison.OrdinalIgnoreCase))
        {
            throw new HubDownloadException(
                HubDownloadFailure.InvalidListing,
                $"The hub served '{file.Path}' of '{repoId}' from commit {served}, not from the listed commit {commit}; download again.");
        }

        have = StartOffset(response, have, part);
        var expectedSize = file.Size ?? response.LinkedSize ?? (response.Message.Content.Headers.ContentLength + have);
        using var hash = HubHashes.For(file, expectedSize, response.Etag);
        if (hash is not null && have > 0)
        {
            await hash.AppendFileAsync(part, have, cancellationToken);
        }

        progress.Start(file.Path, have);
        var total = await ReceiveAsync(response, part, have, file, hash, progress, cancellationToken);
        if (expectedSize is { } expected && total < expected)
        {
            throw new HubTransientException($"the connection ended after {total} of {expected} bytes.");
        }

        if (expectedSize is { } limit && total > limit)
        {
            Local(() => File.Delete(part), part);
            throw Mismatch(file, $"it is {total} bytes long where the hub announced {limit}");
        }

        if (hash is not null && hash.Finish() is var actual && !string.Equals(actual, hash.Expected, StringComparison.Ordinal))
        {
            Local(() => File.Delete(part), part);
            if (have > 0)
            {
                // The kept part may come from an earlier revision of the file: one more try from the first byte.
                throw new HubTransientException($"'{file.Path}' did not verify after resuming at byte {have}, so it is downloaded again from the start.");
            }

            throw Mismatch(file, $"its {hash.Kind} is {actual} where the hub announced {hash.Expected}");
        }

        Local(() => File.Move(part, localPath, overwrite: true), localPath);
        return total;
    }

    // Where the body starts in the file: the kept length for a 206 that continues it, zero for a full 200 answer.
    private static long StartOffset(HubResponse response, long have, string part)
    {
        var status = response.Message.StatusCode;
        if (status == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The kept part does not fit the file (it may come from another revision): start again from zero.
            Local(() => File.Delete(part), part);
            throw new HubTransientException("the server could not continue the kept partial file, so it was deleted to start over.");
        }

        if (status == HttpStatusCode.PartialContent)
        {
            if (response.Message.Content.Headers.ContentRange?.From != have)
            {
                throw new HubTransientException($"the server answered a range request for byte {have} with another range.");
            }

            return have;
        }

        return 0; // 200: the whole file, the range was ignored
    }

    private async Task<long> ReceiveAsync(
        HubResponse response, string part, long offset, HubRepoFile file, HubHashes? hash, HubProgressTracker progress, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        var total = offset;
        await using var body = await response.Message.Content.ReadAsStreamAsync(cancellationToken);
        await using var output = Local(() => new FileStream(part, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1, FileOptions.Asynchronous), part);
        Local(() => output.SetLength(offset), part);
        output.Position = offset;
        using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (true)
        {
            int read;
            try
            {
                readTimeout.CancelAfter(options.ReadTimeout);
                read = await body.ReadAsync(buffer, readTimeout.Token);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HubTransientException($"no data came for {options.ReadTimeout.TotalSeconds:0} s after {total} bytes of '{file.Path}'.", null, e);
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new HubTransientException($"the connection dropped after {total} bytes of '{file.Path}' ({e.Message}).", null, e);
            }

            if (read == 0)
            {
                return total;
            }

            try
            {
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            catch (IOException e)
            {
                throw LocalFailure(part, e);
            }

            hash?.Append(buffer.AsSpan(0, read));
            total += read;
            progress.Advance(read);
        }
    }

    private static async Task<bool> IsInPlaceAsync(HubRepoFile file, string path, CancellationToken cancellationToken)
    {
        var length = new FileInfo(path).Length;
        if (file.Size is { } size && size != length)
        {
            return false;
        }

        using var hash = HubHashes.For(file, length, null);
        if (hash is null)
        {
            return file.Size is not null; // nothing to hash against: the listed size is all there is
        }

        await hash.AppendFileAsync(path, length, cancellationToken);
        return string.Equals(hash.Finish(), hash.Expected, StringComparison.Ordinal);
    }

    private HubDownloadException Mismatch(HubRepoFile file, string what) =>
        new(HubDownloadFailure.IntegrityMismatch,
            $"The download of '{file.Path}' from '{repoId}' is damaged: {what}. The damaged file was deleted; download again, " +
            "and if it happens again the hub or a proxy on the way is serving wrong content.");

    private static T Local<T>(Func<T> action, string path)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw LocalFailure(path, e);
        }
    }

    private static void Local(Action action, string path) => Local(() => { action(); return 0; }, path);

    private static HubDownloadException LocalFailure(string path, Exception e) =>
        new(HubDownloadFailure.LocalFiles, $"Could not write '{path}' ({e.Message}): check the disk space and the folder's permissions.", e);
}
