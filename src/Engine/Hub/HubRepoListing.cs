using System.Text.Json;

namespace Engine.Hub;

/// <summary>
/// A repository's files at one commit, read from the hub's model info
/// (<c>GET /api/models/{repo}/revision/{revision}?blobs=true</c>): the commit the revision points to (<c>sha</c>) and
/// every file (<c>siblings</c>) with its size, git blob id and LFS SHA-256.
/// </summary>
internal sealed record HubRepoListing(string CommitSha, IReadOnlyList<HubRepoFile> Files)
{
    /// <summary>The listed file at <paramref name="path"/>, or null.</summary>
    public HubRepoFile? Find(string path) => Files.FirstOrDefault(f => string.Equals(f.Path, path, StringComparison.Ordinal));

    /// <summary>Reads the model info JSON; throws <see cref="HubDownloadException"/> when it is not what the hub sends.</summary>
    public static HubRepoListing Parse(string repoId, ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("sha", out var sha) || sha.ValueKind != JsonValueKind.String
                || !HubHashes.IsHex(sha.GetString(), 40))
            {
                throw Invalid(repoId, "it names no 40-digit commit id ('sha')");
            }

            if (!root.TryGetProperty("siblings", out var siblings) || siblings.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(repoId, "it has no file list ('siblings')");
            }

            var files = new List<HubRepoFile>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var sibling in siblings.EnumerateArray())
            {
                var file = ParseFile(repoId, sibling);
                if (!seen.Add(file.Path))
                {
                    throw Invalid(repoId, $"'{file.Path}' is listed twice");
                }

                files.Add(file);
            }

            return new HubRepoListing(sha.GetString()!.ToLowerInvariant(), files);
        }
        catch (JsonException e)
        {
            throw new HubDownloadException(
                HubDownloadFailure.InvalidListing,
                $"The hub's file list for '{repoId}' is not valid JSON ({e.Message}). Check that the endpoint is a Hugging Face hub or mirror.",
                e);
        }
    }

    private static HubRepoFile ParseFile(string repoId, JsonElement sibling)
    {
        if (sibling.ValueKind != JsonValueKind.Object
            || !sibling.TryGetProperty("rfilename", out var name) || name.ValueKind != JsonValueKind.String)
        {
            throw Invalid(repoId, "an entry has no file name ('rfilename')");
        }

        var path = name.GetString()!;
        var size = Int64(sibling, "size");
        var blobId = Hex(sibling, "blobId", 40);
        string? sha256 = null;
        if (sibling.TryGetProperty("lfs", out var lfs) && lfs.ValueKind == JsonValueKind.Object)
        {
            sha256 = Hex(lfs, "sha256", 64) ?? Hex(lfs, "oid", 64);
            size = Int64(lfs, "size") ?? size;
            blobId = null; // the git blob of an LFS file is its pointer, not the content
        }

        if (size < 0)
        {
            throw Invalid(repoId, $"'{path}' has a negative size");
        }

        return new HubRepoFile(path, size, sha256, blobId);
    }

    private static long? Int64(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : null;

    private static string? Hex(JsonElement element, string property, int length) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && HubHashes.IsHex(value.GetString(), length)
            ? value.GetString()!.ToLowerInvariant()
            : null;

    private static HubDownloadException Invalid(string repoId, string what) =>
        new(HubDownloadFailure.InvalidListing,
            $"The hub's file list for '{repoId}' cannot be used: {what}. Check that the endpoint is a Hugging Face hub or mirror.");
}
