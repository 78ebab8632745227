namespace Engine.Onnx;

/// <summary>
/// Tensor element types used by the model reader and writer; values are the ONNX <c>TensorProto.DataType</c> codes
/// from onnx.proto.
/// </summary>
public enum OnnxElementType
{
    /// <summary>A type with no member here (string, complex, ...); the reader reports unknown codes as this.</summary>
    Other = 0,

    /// <summary>IEEE float32.</summary>
    Float32 = 1,

    /// <summary>8-bit unsigned integer.</summary>
    UInt8 = 2,

    /// <summary>8-bit signed integer.</summary>
    Int8 = 3,

    /// <summary>32-bit integer (some exporters' token ids).</summary>
    Int32 = 6,

    /// <summary>64-bit integer (optimum's token ids, some U-Nets' timestep).</summary>
    Int64 = 7,

    /// <summary>Boolean stored as one byte.</summary>
    Bool = 9,

    /// <summary>IEEE float16 (fp16 exports with fp16 IO).</summary>
    Float16 = 10,

    /// <summary>IEEE float64.</summary>
    Float64 = 11,

    /// <summary>bfloat16.</summary>
    BFloat16 = 16,
}
