namespace Engine.Onnx.Writing;

/// <summary>A node attribute. Create with the <c>Of</c> overloads.</summary>
public sealed class OnnxAttribute
{
    private OnnxAttribute(string name, OnnxAttributeType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Type = type;
    }

    /// <summary>Attribute name as the operator spec spells it.</summary>
    public string Name { get; }

    /// <summary>Which value field is set.</summary>
    public OnnxAttributeType Type { get; }

    /// <summary>Value for <see cref="OnnxAttributeType.Int"/>.</summary>
    public long IntValue { get; private init; }

    /// <summary>Value for <see cref="OnnxAttributeType.Float"/>.</summary>
    public float FloatValue { get; private init; }

    /// <summary>Value for <see cref="OnnxAttributeType.String"/>.</summary>
    public string? StringValue { get; private init; }

    /// <summary>Value for <see cref="OnnxAttributeType.Tensor"/>.</summary>
    public OnnxTensor? TensorValue { get; private init; }

    /// <summary>Value for <see cref="OnnxAttributeType.Ints"/>.</summary>
    public IReadOnlyList<long> IntsValue { get; private init; } = [];

    /// <summary>Value for <see cref="OnnxAttributeType.Floats"/>.</summary>
    public IReadOnlyList<float> FloatsValue { get; private init; } = [];

    /// <summary>An int attribute (axis, keepdims, to, ...).</summary>
    public static OnnxAttribute Of(string name, long value) => new(name, OnnxAttributeType.Int) { IntValue = value };

    /// <summary>A float attribute (alpha, epsilon, ...).</summary>
    public static OnnxAttribute Of(string name, float value) => new(name, OnnxAttributeType.Float) { FloatValue = value };

    /// <summary>A string attribute (mode, auto_pad, ...).</summary>
    public static OnnxAttribute Of(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(name, OnnxAttributeType.String) { StringValue = value };
    }

    /// <summary>A tensor attribute (Constant's value, ConstantOfShape's value).</summary>
    public static OnnxAttribute Of(string name, OnnxTensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(name, OnnxAttributeType.Tensor) { TensorValue = value };
    }

    /// <summary>An ints attribute (kernel_shape, pads, perm, axes, ...).</summary>
    public static OnnxAttribute Of(string name, params long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(name, OnnxAttributeType.Ints) { IntsValue = [.. values] };
    }

    /// <summary>A floats attribute.</summary>
    public static OnnxAttribute Of(string name, params float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(name, OnnxAttributeType.Floats) { FloatsValue = [.. values] };
    }
}
