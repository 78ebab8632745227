using System.Globalization;

namespace Engine.Onnx;

/// <summary>One axis of a graph input or output: a fixed size, a symbolic name (e.g. <c>batch_size</c>), or unknown.</summary>
/// <param name="Size">The fixed size, or null when the axis is free.</param>
/// <param name="Symbol">The exporter's <c>dim_param</c> name, or null.</param>
public readonly record struct OnnxDimension(long? Size, string? Symbol)
{
    /// <summary>True when the axis has a fixed size.</summary>
    public bool IsFixed => Size is not null;

    /// <summary>A fixed-size axis.</summary>
    public static OnnxDimension Fixed(long size) => new(size, null);

    /// <summary>A free axis with an exporter-given name.</summary>
    public static OnnxDimension Named(string symbol) => new(null, symbol);

    /// <summary>The size, the quoted symbol, or "?".</summary>
    public override string ToString() =>
        Size is { } size ? size.ToString(CultureInfo.InvariantCulture) : Symbol is { Length: > 0 } symbol ? symbol : "?";
}
