using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Engine.Hub;

/// <summary>
/// The content hashes the hub gives: SHA-256 for LFS files, the git blob id (SHA-1 over <c>blob {size}\0</c> and the
/// content) for files stored in git. Fed incrementally, so a resumed download hashes the kept part once.
/// </summary>
internal sealed class HubHashes : IDisposable
{
    private readonly IncrementalHash _hash;

    private HubHashes(IncrementalHash hash, string expected, string kind)
    {
        _hash = hash;
        Expected = expected;
        Kind = kind;
    }

    /// <summary>The hex digest the content must have.</summary>
    public string Expected { get; }

    /// <summary>"sha256" or "git blob id", for messages.</summary>
    public string Kind { get; }

    /// <summary>
    /// A hasher for the strongest check available, or null when there is nothing to check against: the listed SHA-256,
    /// else the listed git blob id, else what the hub's ETag header gives (a 64-digit value is a SHA-256, a 40-digit one
    /// a git blob id, which needs the size).
    /// </summary>
    public static HubHashes? For(HubRepoFile file, long? size, string? etag)
    {
        if (file.Sha256 is { } sha256)
        {
            return new HubHashes(IncrementalHash.CreateHash(HashAlgorithmName.SHA256), sha256, "sha256");
        }

        var blobId = file.GitBlobId;
        if (blobId is null && IsHex(etag, 64))
        {
            return new HubHashes(IncrementalHash.CreateHash(HashAlgorithmName.SHA256), etag!.ToLowerInvariant(), "sha256");
        }

        blobId ??= IsHex(etag, 40) ? etag!.ToLowerInvariant() : null;
        if (blobId is null || size is not { } length)
        {
            return null;
        }

#pragma warning disable CA5350 // git names blobs by SHA-1; this is git's identifier, not a security choice of ours.
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
#pragma warning restore CA5350
        hash.AppendData(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"blob {length}\0")));
        return new HubHashes(hash, blobId, "git blob id");
    }

    /// <summary>Adds content bytes.</summary>
    public void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

    /// <summary>Adds the first <paramref name="length"/> bytes of <paramref name="path"/>.</summary>
    public async Task AppendFileAsync(string path, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var left = length;
        while (left > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken);
            if (read == 0)
            {
                throw new EndOfStreamException($"'{path}' is shorter than {length} bytes.");
            }

            _hash.AppendData(buffer.AsSpan(0, read));
            left -= read;
        }
    }

    /// <summary>The digest of what was added, in lower-case hex.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    /// <inheritdoc/>
    public void Dispose() => _hash.Dispose();

    /// <summary>True when <paramref name="value"/> is exactly <paramref name="length"/> hex digits.</summary>
    public static bool IsHex(string? value, int length) =>
        value is not null && value.Length == length && value.All(char.IsAsciiHexDigit);

    /// <summary>The value of an ETag header without the weak marker and quotes (<c>W/"abc"</c> is <c>abc</c>).</summary>
    public static string? EtagValue(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        var value = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return value.Trim().Trim('"');
    }
}
