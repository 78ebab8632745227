using System.Buffers;

namespace Engine.Weights;

/// <summary>
/// Reads one tensor's bytes in chunks of whole elements (at most 1 MiB), so a tensor of any size passes through a small
/// pooled buffer. A stream that ends early or fails to decompress becomes a <see cref="WeightFileException"/>.
/// </summary>
internal sealed class TensorChunks : IDisposable
{
    private const int ChunkBytes = 1 << 20;

    private readonly WeightTensor _tensor;
    private readonly Stream _stream;
    private readonly int _elementSize;
    private readonly byte[] _buffer;
    private long _done;

    public TensorChunks(WeightTensor tensor, Stream stream, int elementSize)
    {
        _tensor = tensor;
        _stream = stream;
        _elementSize = elementSize;
        _buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(Math.Min(ChunkBytes, tensor.ByteLength), elementSize));
    }

    /// <summary>The next chunk and the index of its first element; false after the last.</summary>
    public bool Next(out ReadOnlySpan<byte> bytes, out long firstElement)
    {
        var more = NextMemory(out var memory, out firstElement);
        bytes = memory.Span;
        return more;
    }

    /// <summary>As the span overload; the memory stays valid until the next call.</summary>
    public bool NextMemory(out ReadOnlyMemory<byte> bytes, out long firstElement)
    {
        var total = _tensor.ByteLength;
        if (_done >= total)
        {
            bytes = default;
            firstElement = 0;
            return false;
        }

        var chunk = _buffer.Length / _elementSize * _elementSize;
        var want = (int)Math.Min(chunk, total - _done);
        int got;
        try
        {
            got = _stream.ReadAtLeast(_buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
        }
        catch (InvalidDataException ex)
        {
            throw new WeightFileException(_tensor.Location.FilePath, $"tensor '{_tensor.Name}' cannot be decompressed: {ex.Message}", ex);
        }

        if (got < want)
        {
            throw new WeightFileException(_tensor.Location.FilePath,
                $"tensor '{_tensor.Name}' needs {total} bytes but its data ends after {_done + got}.");
        }

        bytes = _buffer.AsMemory(0, want);
        firstElement = _done / _elementSize;
        _done += want;
        return true;
    }

    public void Dispose()
    {
        _stream.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}
