namespace Engine.Onnx.Writing;

/// <summary>Node attribute kinds with their <c>AttributeProto.AttributeType</c> numbers.</summary>
public enum OnnxAttributeType
{
    /// <summary>One float.</summary>
    Float = 1,

    /// <summary>One int64.</summary>
    Int = 2,

    /// <summary>A UTF-8 string.</summary>
    String = 3,

    /// <summary>A tensor.</summary>
    Tensor = 4,

    /// <summary>A list of floats.</summary>
    Floats = 6,

    /// <summary>A list of int64.</summary>
    Ints = 7,
}
