namespace Engine.Onnx.Writing;

/// <summary>Tensor element types with their <c>TensorProto.DataType</c> numbers from onnx.proto.</summary>
public enum OnnxElementType
{
    /// <summary>32-bit IEEE float.</summary>
    Float = 1,

    /// <summary>Unsigned byte.</summary>
    UInt8 = 2,

    /// <summary>Signed byte.</summary>
    Int8 = 3,

    /// <summary>32-bit signed integer.</summary>
    Int32 = 6,

    /// <summary>64-bit signed integer.</summary>
    Int64 = 7,

    /// <summary>Boolean stored as one byte.</summary>
    Bool = 9,

    /// <summary>16-bit IEEE half float.</summary>
    Float16 = 10,

    /// <summary>64-bit IEEE float.</summary>
    Double = 11,
}
