using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Engine.Tests.Hub;

/// <summary>
/// What the fake hub serves for one repository, and how it misbehaves: files (large and weight files stored "in LFS"
/// and redirected to the CDN, the rest "in git"), a required token, connections dropped or stalled after some bytes,
/// content served differently from what the listing announces, error statuses, ranges ignored.
/// </summary>
internal sealed class FakeHubRepo
{
    private static readonly string[] s_lfsExtensions = [".safetensors", ".bin", ".ckpt", ".msgpack", ".onnx"];

    public FakeHubRepo(string repoId, IReadOnlyDictionary<string, byte[]> files)
    {
        RepoId = repoId;
        Files = new SortedDictionary<string, byte[]>(files.ToDictionary(), StringComparer.Ordinal);
    }

    public string RepoId { get; }

    public string Commit { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>Content by repository path, as listed (and served unless <see cref="ServedInstead"/> says otherwise).</summary>
    public SortedDictionary<string, byte[]> Files { get; }

    /// <summary>Paths listed but never served (to list unsafe names).</summary>
    public List<string> ListedOnly { get; } = [];

    /// <summary>Content served in place of the listed one (to break hashes).</summary>
    public ConcurrentDictionary<string, byte[]> ServedInstead { get; } = new(StringComparer.Ordinal);

    /// <summary>The token every hub request needs, or null for a public repository.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>An old id of the repository: the hub answers requests for it with a relative 307 to the current id, as after a rename.</summary>
    public string? RenamedFrom { get; set; }

    /// <summary>List sizes, blob ids and LFS SHA-256 (the hub's <c>blobs=true</c>); when false, only file names, as without it.</summary>
    public bool ListSizesAndHashes { get; set; } = true;

    /// <summary>Answer 401/403 with the hub's GatedRepo error code.</summary>
    public bool Gated { get; set; }

    /// <summary>Redirect LFS files to the CDN host (as the hub does), else serve them from the hub.</summary>
    public bool RedirectLfsToCdn { get; set; } = true;

    /// <summary>Answer 200 with the whole file to range requests.</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>Per file: send this many bytes of the body, then abort the connection; for the given number of requests.</summary>
    public ConcurrentDictionary<string, (long Bytes, int Times)> DropAfter { get; } = new(StringComparer.Ordinal);

    /// <summary>Per file: send this many bytes, then send nothing more until the client goes away.</summary>
    public ConcurrentDictionary<string, long> StallAfter { get; } = new(StringComparer.Ordinal);

    /// <summary>Per file: answer this status instead of the content, for the given number of requests.</summary>
    public ConcurrentDictionary<string, (int Status, int Times)> FailWith { get; } = new(StringComparer.Ordinal);

    public static bool IsLfs(string path, byte[] content) =>
        content.Length > 100_000 || s_lfsExtensions.Any(e => path.EndsWith(e, StringComparison.Ordinal));

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static string GitBlobId(byte[] content)
    {
        var header = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
#pragma warning disable CA5350 // git's blob id is SHA-1 by definition
        return Convert.ToHexStringLower(SHA1.HashData([.. header, .. content]));
#pragma warning restore CA5350
    }

    public byte[] Served(string path) => ServedInstead.TryGetValue(path, out var instead) ? instead : Files[path];

    /// <summary>Takes one use of a per-file behaviour; true when it applies to this request.</summary>
    public static bool Take<T>(ConcurrentDictionary<string, (T Value, int Times)> behaviours, string path, out T value)
    {
        while (behaviours.TryGetValue(path, out var entry) && entry.Times > 0)
        {
            if (behaviours.TryUpdate(path, (entry.Value, entry.Times - 1), entry))
            {
                value = entry.Value;
                return true;
            }
        }

        value = default!;
        return false;
    }
}
