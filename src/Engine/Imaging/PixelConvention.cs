namespace Engine.Imaging;

/// <summary>How a decoded image in [-1, 1] becomes 8-bit pixels; the references differ in the last step.</summary>
public enum PixelConvention
{
    /// <summary>
    /// AUTOMATIC1111 (modules/processing.py <c>process_images_inner</c>): <c>clamp((x + 1) / 2, 0, 1)</c>, then
    /// <c>255 · x</c> truncated to uint8, all in float32.
    /// </summary>
    A1111,

    /// <summary>
    /// diffusers (image_processor.py <c>denormalize</c> + <c>numpy_to_pil</c>): <c>clamp(x / 2 + 0.5, 0, 1)</c>, then
    /// <c>round(255 · x)</c> (half to even).
    /// </summary>
    Diffusers,
}
