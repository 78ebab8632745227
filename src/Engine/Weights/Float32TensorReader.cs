namespace Engine.Weights;

/// <summary>
/// Reads one floating-point tensor as float32, front to back, into buffers of the caller's size: the way to stream a
/// tensor of any size through bounded memory. From <see cref="WeightFile.OpenFloat32Reader"/>; not thread-safe.
/// </summary>
public sealed class Float32TensorReader : IDisposable
{
    private readonly WeightTensor _tensor;
    private readonly TensorChunks _chunks;
    private readonly int _elementSize;
    private ReadOnlyMemory<byte> _pending;

    internal Float32TensorReader(WeightTensor tensor, TensorChunks chunks)
    {
        _tensor = tensor;
        _chunks = chunks;
        _elementSize = WeightDataTypes.SizeOf(tensor.DataType);
        Remaining = tensor.ElementCount;
    }

    /// <summary>Elements not read yet.</summary>
    public long Remaining { get; private set; }

    /// <summary>
    /// Fills <paramref name="destination"/> with the next elements, or as many as remain; returns how many were
    /// written (0 at the end).
    /// </summary>
    public int Read(Span<float> destination)
    {
        var written = 0;
        while (written < destination.Length && Remaining > 0)
        {
            if (_pending.IsEmpty && !_chunks.NextMemory(out _pending, out _))
            {
                break;
            }

            var count = Math.Min(destination.Length - written, _pending.Length / _elementSize);
            WeightElementConverter.ToFloat32(
                _tensor.DataType, _pending.Span[..(count * _elementSize)], destination.Slice(written, count));
            _pending = _pending[(count * _elementSize)..];
            written += count;
            Remaining -= count;
        }

        return written;
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length elements, or throws when the tensor has fewer left.</summary>
    public void ReadExactly(Span<float> destination)
    {
        if (Read(destination) != destination.Length)
        {
            throw new WeightFileException(_tensor.Location.FilePath,
                $"tensor '{_tensor.Name}' ended before {destination.Length} more elements could be read.");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _chunks.Dispose();
}
