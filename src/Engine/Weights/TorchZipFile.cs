using System.Globalization;
using System.IO.Compression;
using System.Text;
using Engine.Weights.Pickle;

namespace Engine.Weights;

/// <summary>
/// A PyTorch <c>.bin</c>/<c>.ckpt</c>/<c>.pt</c> file in <c>torch.save</c>'s zip format: <c>&lt;name&gt;/data.pkl</c>
/// (the state dict, read by <see cref="RestrictedUnpickler"/>), one <c>&lt;name&gt;/data/&lt;key&gt;</c> entry per storage,
/// and optional <c>byteorder</c> and <c>version</c> records. Entry names, sizes and counts are checked before anything
/// is read; a tensor read streams from its storage entry and never inflates more bytes than the tensor needs.
/// A <c>.ckpt</c> whose top level holds a <c>state_dict</c> dict is read through that dict.
/// </summary>
public sealed class TorchZipFile : WeightFile
{
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;

    private TorchZipFile(string path, ZipArchive zip, Dictionary<string, ZipArchiveEntry> entries, string archiveName, List<WeightTensor> tensors)
        : base(path, tensors, new Dictionary<string, string>())
    {
        _zip = zip;
        _entries = entries;
        ArchiveName = archiveName;
    }

    /// <summary>The top-level folder inside the zip (<c>archive</c>, or the name the file was saved under).</summary>
    public string ArchiveName { get; }

    /// <summary>Opens the archive and reads its tensor directory; throws <see cref="WeightFileException"/> when unsafe or malformed.</summary>
    public static TorchZipFile Open(string path, WeightFileLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        limits ??= WeightFileLimits.Default;
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new WeightFileException(path, $"cannot be opened: {ex.Message}", ex);
        }

        ZipArchive? zip = null;
        try
        {
            CheckMagic(stream, path);
            try
            {
                zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
            }
            catch (InvalidDataException ex)
            {
                throw new WeightFileException(path, $"is not a readable zip archive: {ex.Message}", ex);
            }

            var entries = IndexEntries(zip, path, limits);
            var archiveName = FindArchiveName(entries, path);
            CheckByteOrder(entries, archiveName, path);
            var pickleEntry = $"{archiveName}/data.pkl";
            var root = RestrictedUnpickler.Load(ReadPickle(entries[pickleEntry], path, limits), path, pickleEntry, limits);
            var tensors = Directory(root, entries, archiveName, path, limits);
            return new TorchZipFile(path, zip, entries, archiveName, tensors);
        }
        catch
        {
            if (zip is not null)
            {
                zip.Dispose();
            }
            else
            {
                stream.Dispose();
            }

            throw;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _zip.Dispose();
        }

        base.Dispose(disposing);
    }

    private protected override Stream OpenTensorStream(WeightTensor tensor)
    {
        var entry = _entries[tensor.Location.Entry!];
        Stream stream;
        try
        {
            stream = entry.Open();
        }
        catch (InvalidDataException ex)
        {
            throw new WeightFileException(FilePath, $"storage entry '{entry.FullName}' cannot be opened: {ex.Message}", ex);
        }

        try
        {
            Skip(stream, tensor.Location.Offset);
            return new BoundedReadStream(stream, tensor.ByteLength);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static void Skip(Stream stream, long count)
    {
        if (count == 0)
        {
            return;
        }

        if (stream.CanSeek)
        {
            stream.Seek(count, SeekOrigin.Current);
            return;
        }

        var buffer = new byte[(int)Math.Min(count, 1 << 16)];
        while (count > 0)
        {
            var got = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (got == 0)
            {
                return;
            }

            count -= got;
        }
    }

    private static void CheckMagic(FileStream stream, string path)
    {
        Span<byte> magic = stackalloc byte[4];
        var got = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        stream.Position = 0;
        if (got == 4 && magic.SequenceEqual("PK\u0003\u0004"u8))
        {
            return;
        }

        throw new WeightFileException(path, got >= 2 && magic[0] == 0x80
            ? "is a legacy (before PyTorch 1.6) pickle file, which is not supported: re-save it with a current torch.save or convert it to safetensors."
            : "is not a zip archive (PyTorch .bin/.ckpt files written by torch.save since 1.6 are).");
    }

    private static Dictionary<string, ZipArchiveEntry> IndexEntries(ZipArchive zip, string path, WeightFileLimits limits)
    {
        if (zip.Entries.Count > limits.MaxZipEntries)
        {
            throw new WeightFileException(path, $"the archive has {zip.Entries.Count} entries, more than the limit of {limits.MaxZipEntries}.");
        }

        var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            var name = entry.FullName;
            if (!IsSafeEntryName(name))
            {
                throw new WeightFileException(path, $"the archive entry '{name}' is not a plain relative path (it could escape the archive); refusing the file.");
            }

            if (!entries.TryAdd(name, entry))
            {
                throw new WeightFileException(path, $"the archive holds the entry '{name}' twice.");
            }
        }

        return entries;
    }

    internal static bool IsSafeEntryName(string name)
    {
        if (name.Length == 0 || name.Length > 1024 || name[0] == '/' || name.Contains('\\', StringComparison.Ordinal)
            || name.Contains(':', StringComparison.Ordinal) || name.Any(char.IsControl))
        {
            return false;
        }

        var segments = name.TrimEnd('/').Split('/');
        return segments.All(s => s.Length > 0 && s != "." && s != "..");
    }

    private static string FindArchiveName(Dictionary<string, ZipArchiveEntry> entries, string path)
    {
        var candidates = entries.Keys
            .Where(n => n.EndsWith("/data.pkl", StringComparison.Ordinal) && n.IndexOf('/', StringComparison.Ordinal) == n.Length - "/data.pkl".Length)
            .ToList();
        return candidates.Count switch
        {
            1 => candidates[0][..^"/data.pkl".Length],
            0 => throw new WeightFileException(path, "the archive has no <name>/data.pkl: it is a zip file but not one written by torch.save."),
            _ => throw new WeightFileException(path, $"the archive has {candidates.Count} data.pkl records ({string.Join(", ", candidates)}); expected one."),
        };
    }

    private static void CheckByteOrder(Dictionary<string, ZipArchiveEntry> entries, string archiveName, string path)
    {
        if (entries.TryGetValue($"{archiveName}/byteorder", out var byteOrder))
        {
            var text = ReadSmallText(byteOrder, path);
            if (text != "little")
            {
                throw new WeightFileException(path, $"byteorder is '{text}'; only little-endian archives are supported.");
            }
        }

        if (entries.TryGetValue($"{archiveName}/version", out var version))
        {
            var text = ReadSmallText(version, path);
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 9)
            {
                throw new WeightFileException(path, $"the archive version record '{text}' is not a format version this reader knows.");
            }
        }
    }

    private static string ReadSmallText(ZipArchiveEntry entry, string path)
    {
        const int Max = 64;
        using var stream = new BoundedReadStream(OpenEntry(entry, path), Max + 1);
        var buffer = new byte[Max + 1];
        var got = ReadFully(stream, buffer, entry, path);
        if (got > Max)
        {
            throw new WeightFileException(path, $"the record '{entry.FullName}' is longer than {Max} bytes.");
        }

        return Encoding.ASCII.GetString(buffer, 0, got).Trim();
    }

    private static byte[] ReadPickle(ZipArchiveEntry entry, string path, WeightFileLimits limits)
    {
        if (entry.Length > limits.MaxPickleBytes)
        {
            throw new WeightFileException(path, $"'{entry.FullName}' is {entry.Length} bytes uncompressed, more than the limit of {limits.MaxPickleBytes}.");
        }

        // The declared length may lie: read at most one byte past the limit whatever the entry inflates to.
        var capacity = (int)Math.Min(limits.MaxPickleBytes + 1, Math.Max(entry.Length, 0) + 1);
        using var stream = new BoundedReadStream(OpenEntry(entry, path), limits.MaxPickleBytes + 1);
        using var memory = new MemoryStream(capacity);
        try
        {
            stream.CopyTo(memory);
        }
        catch (InvalidDataException ex)
        {
            throw new WeightFileException(path, $"'{entry.FullName}' cannot be decompressed: {ex.Message}", ex);
        }

        if (memory.Length > limits.MaxPickleBytes)
        {
            throw new WeightFileException(path, $"'{entry.FullName}' inflates to more than the limit of {limits.MaxPickleBytes} bytes (zip bomb?).");
        }

        return memory.ToArray();
    }

    private static int ReadFully(Stream stream, byte[] buffer, ZipArchiveEntry entry, string path)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException ex)
        {
            throw new WeightFileException(path, $"'{entry.FullName}' cannot be decompressed: {ex.Message}", ex);
        }
    }

    private static Stream OpenEntry(ZipArchiveEntry entry, string path)
    {
        try
        {
            return entry.Open();
        }
        catch (InvalidDataException ex)
        {
            throw new WeightFileException(path, $"'{entry.FullName}' cannot be opened: {ex.Message}", ex);
        }
    }

    private static List<WeightTensor> Directory(
        object? root, Dictionary<string, ZipArchiveEntry> entries, string archiveName, string path, WeightFileLimits limits)
    {
        if (root is not PickleDict dict)
        {
            throw new WeightFileException(path, $"data.pkl holds a {RestrictedUnpickler.TypeName(root)}, not a state dict.");
        }

        if (dict.TryGetValue("state_dict", out var inner) && inner is PickleDict stateDict)
        {
            dict = stateDict;
        }

        var tensors = new List<WeightTensor>();
        foreach (var (key, value) in dict.Items)
        {
            if (value is not TorchTensor tensor)
            {
                continue;
            }

            if (key is not string name || name.Length == 0)
            {
                throw new WeightFileException(path, $"a tensor is stored under the key {key}, not a name.");
            }

            tensors.Add(Describe(name, tensor, entries, archiveName, path, limits));
        }

        if (tensors.Count == 0)
        {
            throw new WeightFileException(path, "the state dict holds no tensors.");
        }

        return tensors;
    }

    private static WeightTensor Describe(
        string name, TorchTensor tensor, Dictionary<string, ZipArchiveEntry> entries, string archiveName, string path, WeightFileLimits limits)
    {
        var storage = tensor.Storage;
        var elementSize = WeightDataTypes.SizeOf(storage.DataType);
        var shapeText = string.Join(", ", tensor.Shape);
        if (tensor.Shape.Length > limits.MaxRank || tensor.Strides.Length != tensor.Shape.Length)
        {
            throw new WeightFileException(path, $"tensor '{name}' has {tensor.Shape.Length} dimensions and {tensor.Strides.Length} strides (at most {limits.MaxRank}, and as many strides as dimensions).");
        }

        if (tensor.Shape.Any(d => d < 0) || tensor.StorageOffset < 0)
        {
            throw new WeightFileException(path, $"tensor '{name}' has a negative dimension or offset (shape [{shapeText}], offset {tensor.StorageOffset}).");
        }

        if (!WeightTensor.TryElementCount(tensor.Shape, out var count) || count > long.MaxValue / elementSize)
        {
            throw new WeightFileException(path, $"tensor '{name}' has shape [{shapeText}], whose size overflows 64 bits.");
        }

        var expected = WeightTensor.ContiguousStrides(tensor.Shape);
        for (var i = 0; i < expected.Length; i++)
        {
            if (tensor.Shape[i] > 1 && tensor.Strides[i] != expected[i])
            {
                throw new WeightFileException(path,
                    $"tensor '{name}' is not contiguous (shape [{shapeText}], strides [{string.Join(", ", tensor.Strides)}]); save it with .contiguous() or as safetensors.");
            }
        }

        if (count > 0 && (storage.ElementCount < tensor.StorageOffset || count > storage.ElementCount - tensor.StorageOffset))
        {
            throw new WeightFileException(path,
                $"tensor '{name}' needs elements [{tensor.StorageOffset}, {tensor.StorageOffset + count}) of storage '{storage.Key}', which holds {storage.ElementCount}.");
        }

        if (!IsSafeStorageKey(storage.Key))
        {
            throw new WeightFileException(path, $"tensor '{name}' names the storage key '{storage.Key}', which is not a plain name.");
        }

        var entryName = $"{archiveName}/data/{storage.Key}";
        if (!entries.TryGetValue(entryName, out var entry))
        {
            throw new WeightFileException(path, $"tensor '{name}' uses storage '{storage.Key}', but the archive has no entry '{entryName}'.");
        }

        if (storage.ElementCount > long.MaxValue / elementSize)
        {
            throw new WeightFileException(path, $"storage '{storage.Key}' declares {storage.ElementCount} elements, whose size overflows 64 bits.");
        }

        var storageBytes = storage.ElementCount * elementSize;
        if (entry.Length != storageBytes)
        {
            throw new WeightFileException(path,
                $"storage entry '{entryName}' is {entry.Length} bytes but its {WeightDataTypes.SafetensorsName(storage.DataType)} storage of {storage.ElementCount} elements needs {storageBytes}.");
        }

        return new WeightTensor(name, storage.DataType, tensor.Shape, count,
            new WeightTensorLocation(path, entryName, tensor.StorageOffset * elementSize));
    }

    private static bool IsSafeStorageKey(string key) =>
        key.Length is > 0 and <= 64 && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
