namespace Engine.Hub;

/// <summary>The hub's addresses: model info (<c>/api/models/{repo}/revision/{revision}</c>) and file download (<c>/{repo}/resolve/{commit}/{path}</c>).</summary>
internal static class HubUrls
{
    /// <summary>The model info with every file's size, blob id and LFS SHA-256 (<c>blobs=true</c>).</summary>
    public static Uri ModelInfo(Uri endpoint, string repoId, string revision) =>
        new($"{Base(endpoint)}/api/models/{repoId}/revision/{Uri.EscapeDataString(revision)}?blobs=true");

    /// <summary>The download address of <paramref name="path"/> at <paramref name="commit"/>.</summary>
    public static Uri Resolve(Uri endpoint, string repoId, string commit, string path) =>
        new($"{Base(endpoint)}/{repoId}/resolve/{commit}/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}");

    private static string Base(Uri endpoint) => endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
}
