namespace Engine.Hub;

/// <summary>
/// The answer to a hub request after redirects: the final response (from the hub or its CDN) and what the hub itself
/// said about the file before redirecting (<c>X-Repo-Commit</c>, <c>X-Linked-Etag</c> / <c>ETag</c>,
/// <c>X-Linked-Size</c>), since a CDN's own ETag is not the content hash.
/// </summary>
internal sealed class HubResponse(HttpResponseMessage message, string? repoCommit, string? etag, long? linkedSize) : IDisposable
{
    /// <summary>The final response; its content is the file (or the JSON asked for).</summary>
    public HttpResponseMessage Message { get; } = message;

    /// <summary>The commit the hub resolved the revision to, when it said.</summary>
    public string? RepoCommit { get; } = repoCommit;

    /// <summary>The content's ETag as the hub gave it (SHA-256 for LFS files, git blob id otherwise), unquoted.</summary>
    public string? Etag { get; } = etag;

    /// <summary>The content size the hub announced for an LFS file.</summary>
    public long? LinkedSize { get; } = linkedSize;

    /// <inheritdoc/>
    public void Dispose() => Message.Dispose();
}
