namespace Engine.Conversion;

/// <summary>The element type a converted model's weights and activations use.</summary>
public enum ModelPrecision
{
    /// <summary>float32 throughout: the reference numbers, twice the size.</summary>
    Float32,

    /// <summary>float16 weights and activations, with the parts that overflow in fp16 kept in float32.</summary>
    Float16,
}
