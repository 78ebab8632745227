using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Engine.Onnx;
using Engine.Weights;

namespace Engine.Conversion;

/// <summary>
/// Writes one source tensor as an ONNX initializer's bytes at save time: read from the weight file a piece at a time,
/// converted to float32 or float16, and for linear weights transposed from torch's [out, in] to [in, out]. Memory is
/// bounded by <see cref="BlockElements"/> whatever the tensor's size.
/// </summary>
/// <remarks>
/// A transpose gathers a block of output rows (source columns) per pass over the source, so a tensor larger than the
/// block is read several times; the largest SD linear weight (10240 × 1280) takes four passes.
/// </remarks>
internal sealed class StreamedWeight
{
    /// <summary>Elements held at once (16 MiB of float32), plus one source row when transposing.</summary>
    internal const int BlockElements = 1 << 22;

    private const int CopyChunkElements = 1 << 18;

    private readonly WeightFile _weights;
    private readonly string _name;
    private readonly OnnxElementType _elementType;
    private readonly long _rows;
    private readonly long _columns;
    private readonly bool _transpose;
    private readonly int _blockElements;

    /// <param name="weights">The open source file; it must stay open until the model is saved.</param>
    /// <param name="name">Source tensor name.</param>
    /// <param name="elementType">Float32 or Float16.</param>
    /// <param name="rows">Source rows (torch's out features) when transposing.</param>
    /// <param name="columns">Source columns (in features) when transposing.</param>
    /// <param name="transpose">Write the [rows, columns] source as [columns, rows].</param>
    /// <param name="blockElements">Elements gathered per transpose pass (tests use small blocks to force several passes).</param>
    public StreamedWeight(
        WeightFile weights, string name, OnnxElementType elementType, long rows, long columns, bool transpose, int blockElements = BlockElements)
    {
        if (elementType is not (OnnxElementType.Float32 or OnnxElementType.Float16))
        {
            throw new ArgumentOutOfRangeException(nameof(elementType), elementType, "Weights are written as float32 or float16.");
        }

        _weights = weights;
        _name = name;
        _elementType = elementType;
        _rows = rows;
        _columns = columns;
        _transpose = transpose;
        _blockElements = blockElements;
    }

    /// <summary>Writes the converted bytes, row-major and little-endian, to <paramref name="destination"/>.</summary>
    public void WriteTo(Stream destination)
    {
        if (_transpose)
        {
            WriteTransposed(destination);
            return;
        }

        using var reader = _weights.OpenFloat32Reader(_name);
        var values = ArrayPool<float>.Shared.Rent(CopyChunkElements);
        try
        {
            int count;
            while ((count = reader.Read(values.AsSpan(0, CopyChunkElements))) > 0)
            {
                WriteElements(values.AsSpan(0, count), destination);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(values);
        }
    }

    private void WriteTransposed(Stream destination)
    {
        // Output row c is source column c: gather blockColumns of them per pass over the source rows.
        var rows = checked((int)_rows);
        var columns = checked((int)_columns);
        var blockColumns = Math.Max(1, Math.Min(columns, _blockElements / Math.Max(1, rows)));
        var row = ArrayPool<float>.Shared.Rent(columns);
        var block = ArrayPool<float>.Shared.Rent(blockColumns * rows);
        try
        {
            for (var first = 0; first < columns; first += blockColumns)
            {
                var width = Math.Min(blockColumns, columns - first);
                using (var reader = _weights.OpenFloat32Reader(_name))
                {
                    for (var r = 0; r < rows; r++)
                    {
                        reader.ReadExactly(row.AsSpan(0, columns));
                        for (var c = 0; c < width; c++)
                        {
                            block[(c * rows) + r] = row[first + c];
                        }
                    }
                }

                WriteElements(block.AsSpan(0, width * rows), destination);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(row);
            ArrayPool<float>.Shared.Return(block);
        }
    }

    private void WriteElements(ReadOnlySpan<float> values, Stream destination)
    {
        if (_elementType == OnnxElementType.Float32 && BitConverter.IsLittleEndian)
        {
            destination.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        var size = _elementType == OnnxElementType.Float16 ? 2 : 4;
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Min(values.Length, CopyChunkElements) * size);
        try
        {
            for (var start = 0; start < values.Length; start += CopyChunkElements)
            {
                var chunk = values.Slice(start, Math.Min(CopyChunkElements, values.Length - start));
                for (var i = 0; i < chunk.Length; i++)
                {
                    if (size == 4)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), chunk[i]);
                        continue;
                    }

                    var half = (Half)chunk[i];
                    if (Half.IsInfinity(half) && float.IsFinite(chunk[i]))
                    {
                        throw new ModelConversionException(
                            $"Tensor '{_name}' in '{_weights.FilePath}' holds {chunk[i]}, beyond float16's range (±65504); convert it as float32.");
                    }

                    BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), half);
                }

                destination.Write(bytes, 0, chunk.Length * size);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
