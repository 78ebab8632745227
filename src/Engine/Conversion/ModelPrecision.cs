namespace Engine.Conversion;

/// <summary>The element type a converted model's weights and activations use.</summary>
public enum ModelPrecision
{
    /// <summary>float32 throughout: the reference numbers, twice the size.</summary>
    Float32,

    /// <summary>
    /// float16 weights and activations in the text encoder and the U-Net, with the parts that overflow in fp16 kept in
    /// float32 (attention scores and softmax, normalizations, the U-Net's timestep projection); the VAE stays float32
    /// (docs/decisions/0007-fp16-fp32-islands.md).
    /// </summary>
    Float16,
}
