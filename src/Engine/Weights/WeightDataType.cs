namespace Engine.Weights;

/// <summary>Element type of a stored tensor. Floats are read as float32; integers (token ids, positions) as int64.</summary>
public enum WeightDataType
{
    /// <summary>IEEE float32 (safetensors <c>F32</c>, <c>torch.FloatStorage</c>).</summary>
    Float32,

    /// <summary>IEEE float16 (<c>F16</c>, <c>torch.HalfStorage</c>).</summary>
    Float16,

    /// <summary>bfloat16 (<c>BF16</c>, <c>torch.BFloat16Storage</c>).</summary>
    BFloat16,

    /// <summary>IEEE float64 (<c>F64</c>); read as float32.</summary>
    Float64,

    /// <summary>int64 (<c>I64</c>, <c>torch.LongStorage</c>), e.g. <c>position_ids</c> buffers.</summary>
    Int64,

    /// <summary>int32 (<c>I32</c>, <c>torch.IntStorage</c>).</summary>
    Int32,
}

/// <summary>Sizes and names of <see cref="WeightDataType"/>.</summary>
public static class WeightDataTypes
{
    /// <summary>Bytes per element.</summary>
    public static int SizeOf(WeightDataType type) => type switch
    {
        WeightDataType.Float32 => 4,
        WeightDataType.Float16 => 2,
        WeightDataType.BFloat16 => 2,
        WeightDataType.Float64 => 8,
        WeightDataType.Int64 => 8,
        WeightDataType.Int32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown weight data type."),
    };

    /// <summary>True for the floating-point types that <see cref="WeightFile.ReadFloat32(string, Span{float})"/> reads.</summary>
    public static bool IsFloatingPoint(WeightDataType type) =>
        type is WeightDataType.Float32 or WeightDataType.Float16 or WeightDataType.BFloat16 or WeightDataType.Float64;

    /// <summary>The safetensors name (<c>F32</c>, <c>F16</c>, ...), also used in messages.</summary>
    public static string SafetensorsName(WeightDataType type) => type switch
    {
        WeightDataType.Float32 => "F32",
        WeightDataType.Float16 => "F16",
        WeightDataType.BFloat16 => "BF16",
        WeightDataType.Float64 => "F64",
        WeightDataType.Int64 => "I64",
        WeightDataType.Int32 => "I32",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown weight data type."),
    };

    /// <summary>Parses a safetensors dtype name; false for the types this engine does not read (F8, I8, BOOL, ...).</summary>
    public static bool TryParseSafetensorsName(string name, out WeightDataType type)
    {
        switch (name)
        {
            case "F32": type = WeightDataType.Float32; return true;
            case "F16": type = WeightDataType.Float16; return true;
            case "BF16": type = WeightDataType.BFloat16; return true;
            case "F64": type = WeightDataType.Float64; return true;
            case "I64": type = WeightDataType.Int64; return true;
            case "I32": type = WeightDataType.Int32; return true;
            default: type = default; return false;
        }
    }
}
