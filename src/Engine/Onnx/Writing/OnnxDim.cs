namespace Engine.Onnx.Writing;

/// <summary>One dimension of a graph input or output: a fixed size or a symbolic name (<c>dim_param</c>).</summary>
public readonly record struct OnnxDim
{
    private OnnxDim(long? value, string? parameter)
    {
        Value = value;
        Parameter = parameter;
    }

    /// <summary>The fixed size, or null for a symbolic dimension.</summary>
    public long? Value { get; }

    /// <summary>The symbolic name, or null for a fixed dimension.</summary>
    public string? Parameter { get; }

    /// <summary>A dimension of known size.</summary>
    public static OnnxDim Fixed(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return new OnnxDim(value, null);
    }

    /// <summary>A dimension known only at run time, named like optimum does (e.g. <c>batch_size</c>).</summary>
    public static OnnxDim Symbolic(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new OnnxDim(null, name);
    }

    /// <summary>Same as <see cref="Fixed"/>.</summary>
    public static OnnxDim FromInt64(long value) => Fixed(value);

    /// <summary>Same as <see cref="Symbolic"/>.</summary>
    public static OnnxDim FromString(string name) => Symbolic(name);

    /// <summary>Converts a size to a fixed dimension.</summary>
    public static implicit operator OnnxDim(long value) => Fixed(value);

    /// <summary>Converts a name to a symbolic dimension.</summary>
    public static implicit operator OnnxDim(string name) => Symbolic(name);

    /// <inheritdoc/>
    public override string ToString() =>
        Parameter ?? Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
