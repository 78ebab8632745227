namespace Engine.Onnx;

/// <summary>Tensor element types the engine distinguishes; values are the ONNX <c>TensorProto.DataType</c> codes.</summary>
public enum OnnxElementType
{
    /// <summary>A type the engine does not feed (string, bool, complex, ...).</summary>
    Other = 0,

    /// <summary>IEEE float32.</summary>
    Float32 = 1,

    /// <summary>8-bit unsigned integer.</summary>
    UInt8 = 2,

    /// <summary>32-bit integer (some exporters' token ids).</summary>
    Int32 = 6,

    /// <summary>64-bit integer (optimum's token ids, some U-Nets' timestep).</summary>
    Int64 = 7,

    /// <summary>IEEE float16 (fp16 exports with fp16 IO).</summary>
    Float16 = 10,

    /// <summary>float64.</summary>
    Float64 = 11,

    /// <summary>bfloat16.</summary>
    BFloat16 = 16,
}
