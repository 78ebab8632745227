namespace Engine.Onnx;

/// <summary>A graph input or output: its name, element type and shape.</summary>
/// <param name="Name">The ONNX value name (e.g. <c>input_ids</c>).</param>
/// <param name="ElementType">Element type.</param>
/// <param name="Dimensions">Shape; empty for a scalar. Null when the graph declares no shape at all.</param>
/// <param name="RawElementType">The ONNX data type code, kept for messages about unsupported types.</param>
public sealed record OnnxTensorInfo(string Name, OnnxElementType ElementType, IReadOnlyList<OnnxDimension>? Dimensions, int RawElementType)
{
    /// <summary>Number of axes, or -1 when the shape is unknown.</summary>
    public int Rank => Dimensions?.Count ?? -1;

    /// <summary>True for a rank-0 tensor (e.g. optimum's U-Net <c>timestep</c>).</summary>
    public bool IsScalar => Dimensions is { Count: 0 };

    /// <summary>Fixed size of axis <paramref name="axis"/>, or null when it is free or out of range.</summary>
    public long? FixedSize(int axis) => Dimensions is { } dims && axis >= 0 && axis < dims.Count ? dims[axis].Size : null;

    /// <summary>e.g. <c>sample: float32 [batch_size, 4, height, width]</c>.</summary>
    public override string ToString() =>
        $"{Name}: {ElementTypeName} {(Dimensions is null ? "(unknown shape)" : "[" + string.Join(", ", Dimensions) + "]")}";

    /// <summary>Lower-case name of the element type as ONNX users write it (float32, int64, ...).</summary>
    public string ElementTypeName => ElementType switch
    {
        OnnxElementType.Float32 => "float32",
        OnnxElementType.Float16 => "float16",
        OnnxElementType.BFloat16 => "bfloat16",
        OnnxElementType.Float64 => "float64",
        OnnxElementType.Int32 => "int32",
        OnnxElementType.Int64 => "int64",
        OnnxElementType.UInt8 => "uint8",
        _ => $"onnx-type-{RawElementType}",
    };
}
