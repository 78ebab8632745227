using Microsoft.Win32.SafeHandles;

namespace Engine.Weights;

/// <summary>
/// A <c>.safetensors</c> file: an 8-byte little-endian header length, a JSON header (validated against the file size by
/// <see cref="SafetensorsHeader"/>), then the tensors' bytes. Only the header is read on opening; each tensor read is a
/// positional read of that tensor's byte range.
/// </summary>
public sealed class SafetensorsFile : WeightFile
{
    private readonly SafeFileHandle _handle;

    private SafetensorsFile(string path, SafeFileHandle handle, SafetensorsHeader header)
        : base(path, header.Tensors, header.Metadata)
    {
        _handle = handle;
        DataStart = header.DataStart;
    }

    /// <summary>Byte offset of the data area (8 + the header length).</summary>
    public long DataStart { get; }

    /// <summary>Opens and validates the file; throws <see cref="WeightFileException"/> for anything malformed.</summary>
    public static SafetensorsFile Open(string path, WeightFileLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var handle = OpenHandle(path);
        try
        {
            var header = SafetensorsHeader.Read(handle, path, limits ?? WeightFileLimits.Default);
            return new SafetensorsFile(path, handle, header);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handle.Dispose();
        }

        base.Dispose(disposing);
    }

    private protected override Stream OpenTensorStream(WeightTensor tensor) =>
        new BoundedReadStream(_handle, tensor.Location.Offset, tensor.ByteLength);

    internal static SafeFileHandle OpenHandle(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new WeightFileException(path, $"cannot be opened: {ex.Message}", ex);
        }
    }
}
