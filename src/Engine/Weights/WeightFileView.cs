namespace Engine.Weights;

/// <summary>
/// Some tensors of another open weight file under other names: each a whole source tensor or a range of rows of its
/// outermost axis (a slice of a fused tensor), optionally presented with another shape of the same element count.
/// Reads go to the source a chunk at a time, touching only the selected bytes' tensor, so a view of a multi-GB
/// checkpoint costs no more memory than the source. The view does not own the source: disposing it leaves the source
/// open.
/// </summary>
public sealed class WeightFileView : WeightFile
{
    private readonly WeightFile _source;
    private readonly Dictionary<string, (WeightTensor Source, long ByteOffset)> _sourceOf;

    private WeightFileView(WeightFile source, List<WeightTensor> tensors, Dictionary<string, (WeightTensor, long)> sourceOf)
        : base(source.FilePath, tensors, source.Metadata)
    {
        _source = source;
        _sourceOf = sourceOf;
    }

    /// <summary>
    /// Builds the view; every entry must name a source tensor, a row range inside it, and a shape with as many elements
    /// as the range.
    /// </summary>
    /// <exception cref="WeightFileException">An entry does not fit its source tensor (the message names both).</exception>
    public static WeightFileView Create(WeightFile source, IEnumerable<WeightViewTensor> entries)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(entries);
        var tensors = new List<WeightTensor>();
        var sourceOf = new Dictionary<string, (WeightTensor, long)>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!source.TryGetTensor(entry.Source, out var tensor))
            {
                throw new WeightFileException(source.FilePath, $"has no tensor '{entry.Source}' (wanted for '{entry.Name}').");
            }

            var (shape, byteOffset, count) = Select(source.FilePath, tensor, entry);
            var viewed = new WeightTensor(entry.Name, tensor.DataType, shape, count,
                tensor.Location with { Offset = tensor.Location.Offset + byteOffset });
            if (!sourceOf.TryAdd(entry.Name, (tensor, byteOffset)))
            {
                throw new WeightFileException(source.FilePath, $"the view names tensor '{entry.Name}' twice.");
            }

            tensors.Add(viewed);
        }

        return new WeightFileView(source, tensors, sourceOf);
    }

    /// <summary>The name of the source tensor behind <paramref name="name"/>, or null when the view has no such tensor.</summary>
    public string? SourceName(string name) => _sourceOf.TryGetValue(name, out var entry) ? entry.Source.Name : null;

    private protected override Stream OpenTensorStream(WeightTensor tensor)
    {
        var (source, byteOffset) = _sourceOf[tensor.Name];
        var stream = _source.OpenTensorBytes(source);
        try
        {
            Skip(stream, byteOffset, source);
            return new BoundedReadStream(stream, tensor.ByteLength);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static (long[] Shape, long ByteOffset, long Count) Select(string filePath, WeightTensor tensor, WeightViewTensor entry)
    {
        long[] rowsShape;
        long byteOffset = 0;
        if (entry.FirstRow == 0 && entry.Rows is null)
        {
            rowsShape = [.. tensor.Shape];
        }
        else
        {
            var available = tensor.Shape.Count == 0 ? 0 : tensor.Shape[0];
            var rows = entry.Rows ?? (available - entry.FirstRow);
            if (entry.FirstRow < 0 || rows <= 0 || entry.FirstRow + rows > available)
            {
                throw new WeightFileException(filePath,
                    $"tensor '{tensor.Name}' of shape [{string.Join(", ", tensor.Shape)}] has no rows {entry.FirstRow} to {entry.FirstRow + rows - 1} (wanted for '{entry.Name}').");
            }

            rowsShape = [rows, .. tensor.Shape.Skip(1)];
            var rowElements = tensor.Shape.Skip(1).Aggregate(1L, (a, b) => a * b);
            byteOffset = entry.FirstRow * rowElements * WeightDataTypes.SizeOf(tensor.DataType);
        }

        var count = rowsShape.Aggregate(1L, (a, b) => a * b);
        var shape = entry.Shape ?? rowsShape;
        if (!WeightTensor.TryElementCount(shape, out var viewCount) || viewCount != count)
        {
            throw new WeightFileException(filePath,
                $"tensor '{tensor.Name}' cannot be viewed as [{string.Join(", ", shape)}] for '{entry.Name}': it has {count} elements in the selected rows.");
        }

        return ([.. shape], byteOffset, count);
    }

    private static void Skip(Stream stream, long bytes, WeightTensor source)
    {
        if (bytes == 0)
        {
            return;
        }

        var buffer = new byte[(int)Math.Min(bytes, 1 << 16)];
        var left = bytes;
        while (left > 0)
        {
            int got;
            try
            {
                got = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            }
            catch (InvalidDataException ex)
            {
                throw new WeightFileException(source.Location.FilePath, $"tensor '{source.Name}' cannot be decompressed: {ex.Message}", ex);
            }

            if (got == 0)
            {
                throw new WeightFileException(source.Location.FilePath, $"tensor '{source.Name}' ends before the rows a view reads.");
            }

            left -= got;
        }
    }
}
