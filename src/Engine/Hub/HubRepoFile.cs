namespace Engine.Hub;

/// <summary>One file of a repository listing, with what the hub says about its content.</summary>
/// <param name="Path">Path in the repository, '/'-separated (the hub's <c>rfilename</c>).</param>
/// <param name="Size">Size in bytes (of the real content for LFS files), when listed.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the content, listed for LFS files.</param>
/// <param name="GitBlobId">Lower-case hex git blob id (SHA-1 of <c>blob {size}\0</c> + content), meaningful for files stored in git.</param>
internal sealed record HubRepoFile(string Path, long? Size, string? Sha256, string? GitBlobId)
{
    /// <summary>The file name without folders.</summary>
    public string Name => Path[(Path.LastIndexOf('/') + 1)..];

    /// <summary>The folder part ("" at the repository root).</summary>
    public string Folder => Path.LastIndexOf('/') is var slash and >= 0 ? Path[..slash] : string.Empty;
}
