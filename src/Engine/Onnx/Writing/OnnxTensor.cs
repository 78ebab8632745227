using System.Buffers;
using System.Buffers.Binary;

namespace Engine.Onnx.Writing;

/// <summary>
/// A constant tensor (initializer or tensor attribute) with its data as little-endian bytes, the form ONNX
/// stores in <c>raw_data</c> or in an external data file. The bytes are either held in memory or deferred: produced by a
/// writer only when the model is saved, so a converter need not hold a model's weights at once.
/// </summary>
public sealed class OnnxTensor
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly Action<Stream>? _writeData;

    /// <summary>Creates a tensor from raw little-endian bytes.</summary>
    /// <param name="name">Tensor name; initializers are referenced by it.</param>
    /// <param name="elementType">Element type of the bytes.</param>
    /// <param name="dims">Shape; empty for a scalar.</param>
    /// <param name="data">Row-major element data, little-endian.</param>
    public OnnxTensor(string name, OnnxElementType elementType, IReadOnlyList<long> dims, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(dims);
        long count = 1;
        foreach (var dim in dims)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(dims));
            count *= dim;
        }

        var expected = count * ElementSize(elementType);
        if (expected != data.Length)
        {
            throw new ArgumentException(
                $"Tensor '{name}' has {data.Length} bytes but its shape and type need {expected}.", nameof(data));
        }

        Name = name;
        ElementType = elementType;
        Dims = [.. dims];
        ByteLength = data.Length;
        _data = data;
    }

    /// <summary>Creates a deferred tensor whose bytes <paramref name="writeData"/> produces when the model is written.</summary>
    /// <param name="name">Tensor name; initializers are referenced by it.</param>
    /// <param name="elementType">Element type of the bytes.</param>
    /// <param name="dims">Shape; empty for a scalar.</param>
    /// <param name="writeData">
    /// Writes exactly the row-major little-endian bytes the shape and type need; called once per save (a model saved
    /// twice calls it twice), and a different byte count fails the save.
    /// </param>
    public OnnxTensor(string name, OnnxElementType elementType, IReadOnlyList<long> dims, Action<Stream> writeData)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(dims);
        ArgumentNullException.ThrowIfNull(writeData);
        long count = 1;
        foreach (var dim in dims)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(dims));
            count *= dim;
        }

        Name = name;
        ElementType = elementType;
        Dims = [.. dims];
        ByteLength = checked(count * ElementSize(elementType));
        _writeData = writeData;
    }

    /// <summary>Tensor name.</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public OnnxElementType ElementType { get; }

    /// <summary>Shape; empty for a scalar.</summary>
    public IReadOnlyList<long> Dims { get; }

    /// <summary>Size of the element bytes.</summary>
    public long ByteLength { get; }

    /// <summary>True when the bytes are produced at save time rather than held (<see cref="Data"/> is then unavailable).</summary>
    public bool IsDeferred => _writeData is not null;

    /// <summary>Row-major little-endian element bytes of a tensor held in memory.</summary>
    /// <exception cref="InvalidOperationException">The tensor is deferred; use <see cref="WriteDataTo"/>.</exception>
    public ReadOnlyMemory<byte> Data => _writeData is null
        ? _data
        : throw new InvalidOperationException($"Tensor '{Name}' is deferred: its bytes exist only when written (WriteDataTo).");

    /// <summary>Writes the element bytes to <paramref name="stream"/>, checking that a deferred writer wrote exactly <see cref="ByteLength"/>.</summary>
    public void WriteDataTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (_writeData is null)
        {
            stream.Write(_data.Span);
            return;
        }

        using var counted = new ByteCountingStream(stream);
        _writeData(counted);
        if (counted.Written != ByteLength)
        {
            throw new InvalidOperationException(
                $"The writer of tensor '{Name}' wrote {counted.Written} bytes; its shape and type need {ByteLength}.");
        }
    }

    /// <summary>A float32 tensor.</summary>
    public static OnnxTensor FromFloats(string name, ReadOnlySpan<float> values, params long[] dims) =>
        FromValues(name, OnnxElementType.Float32, values, dims, BinaryPrimitives.WriteSingleLittleEndian);

    /// <summary>A float16 tensor.</summary>
    public static OnnxTensor FromHalves(string name, ReadOnlySpan<Half> values, params long[] dims) =>
        FromValues(name, OnnxElementType.Float16, values, dims, BinaryPrimitives.WriteHalfLittleEndian);

    /// <summary>An int64 tensor.</summary>
    public static OnnxTensor FromInt64s(string name, ReadOnlySpan<long> values, params long[] dims) =>
        FromValues(name, OnnxElementType.Int64, values, dims, BinaryPrimitives.WriteInt64LittleEndian);

    /// <summary>An int32 tensor.</summary>
    public static OnnxTensor FromInt32s(string name, ReadOnlySpan<int> values, params long[] dims) =>
        FromValues(name, OnnxElementType.Int32, values, dims, BinaryPrimitives.WriteInt32LittleEndian);

    /// <summary>Bytes per element of <paramref name="elementType"/>.</summary>
    public static int ElementSize(OnnxElementType elementType) => elementType switch
    {
        OnnxElementType.Float32 or OnnxElementType.Int32 => 4,
        OnnxElementType.Int64 or OnnxElementType.Float64 => 8,
        OnnxElementType.Float16 => 2,
        OnnxElementType.UInt8 or OnnxElementType.Int8 or OnnxElementType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(elementType), elementType, "Unsupported element type."),
    };

    private static OnnxTensor FromValues<T>(
        string name, OnnxElementType elementType, ReadOnlySpan<T> values, long[] dims, SpanAction<byte, T> writeLittleEndian)
    {
        var size = ElementSize(elementType);
        var bytes = new byte[values.Length * size];
        for (var i = 0; i < values.Length; i++)
        {
            writeLittleEndian(bytes.AsSpan(i * size), values[i]);
        }

        return new OnnxTensor(name, elementType, DimsOrVector(dims, values.Length), bytes);
    }

    // No dims means a 1-D tensor; scalars (shape []) come from the constructor or OnnxGraphBuilder.Scalar.
    private static long[] DimsOrVector(long[] dims, int count) => dims.Length == 0 ? [count] : dims;
}
