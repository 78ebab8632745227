using System.Buffers;
using System.Buffers.Binary;

namespace Engine.Onnx.Writing;

/// <summary>
/// A constant tensor (initializer or tensor attribute) with its data as little-endian bytes, the form ONNX
/// stores in <c>raw_data</c> or in an external data file.
/// </summary>
public sealed class OnnxTensor
{
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
        Data = data;
    }

    /// <summary>Tensor name.</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public OnnxElementType ElementType { get; }

    /// <summary>Shape; empty for a scalar.</summary>
    public IReadOnlyList<long> Dims { get; }

    /// <summary>Row-major little-endian element bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; }

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
