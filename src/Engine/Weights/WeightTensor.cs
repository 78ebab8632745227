namespace Engine.Weights;

/// <summary>
/// One tensor in a weight file's directory: its name, element type and shape. The bytes stay in the file until one of
/// <see cref="WeightFile"/>'s read methods asks for them. Tensors are always C-contiguous (row-major): readers refuse others.
/// </summary>
public sealed class WeightTensor
{
    internal WeightTensor(string name, WeightDataType dataType, long[] shape, long elementCount, WeightTensorLocation location)
    {
        Name = name;
        DataType = dataType;
        Shape = shape;
        ElementCount = elementCount;
        Location = location;
    }

    /// <summary>Name in the state dict (e.g. <c>conv_in.weight</c>).</summary>
    public string Name { get; }

    /// <summary>Element type as stored.</summary>
    public WeightDataType DataType { get; }

    /// <summary>Dimensions, outermost first; empty for a scalar.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long ElementCount { get; }

    /// <summary>Stored size in bytes: <see cref="ElementCount"/> times the element size.</summary>
    public long ByteLength => ElementCount * WeightDataTypes.SizeOf(DataType);

    /// <summary>Row-major strides in elements (what the readers require of every tensor).</summary>
    public IReadOnlyList<long> Strides => ContiguousStrides(Shape);

    /// <summary>Where the bytes are: the file and the byte offset inside it (or inside its storage entry).</summary>
    public WeightTensorLocation Location { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name} {WeightDataTypes.SafetensorsName(DataType)}[{string.Join(", ", Shape)}]";

    /// <summary>Row-major strides of <paramref name="shape"/>.</summary>
    public static long[] ContiguousStrides(IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var strides = new long[shape.Count];
        long stride = 1;
        for (var i = shape.Count - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= Math.Max(shape[i], 1);
        }

        return strides;
    }

    /// <summary>Product of the dimensions; false when one is negative or the product overflows <see cref="long"/>.</summary>
    internal static bool TryElementCount(IReadOnlyList<long> shape, out long count)
    {
        count = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                return false;
            }

            try
            {
                count = checked(count * d);
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        return true;
    }
}
