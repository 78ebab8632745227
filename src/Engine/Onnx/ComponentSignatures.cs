namespace Engine.Onnx;

/// <summary>The classified IO contracts of a model's graphs, as read when the model folder was scanned.</summary>
/// <param name="TextEncoder">Text encoder contract.</param>
/// <param name="UNet">U-Net contract.</param>
/// <param name="VaeDecoder">VAE decoder contract.</param>
/// <param name="VaeEncoder">VAE encoder contract, or null when the folder has none (no img2img).</param>
public sealed record ComponentSignatures(TextEncoderIo TextEncoder, UNetIo UNet, VaeDecoderIo VaeDecoder, VaeEncoderIo? VaeEncoder);
