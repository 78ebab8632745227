namespace Engine.Models;

/// <summary>The ONNX graphs of an optimum Stable Diffusion folder.</summary>
public enum ModelComponent
{
    /// <summary><c>text_encoder/model.onnx</c>.</summary>
    TextEncoder,

    /// <summary><c>unet/model.onnx</c>.</summary>
    UNet,

    /// <summary><c>vae_encoder/model.onnx</c> (optional; needed for img2img).</summary>
    VaeEncoder,

    /// <summary><c>vae_decoder/model.onnx</c>.</summary>
    VaeDecoder,
}
