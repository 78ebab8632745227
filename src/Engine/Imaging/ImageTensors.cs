namespace Engine.Imaging;

/// <summary>
/// Conversions between 8-bit <see cref="RgbImage"/>s and the VAE's float images (<c>[batch, 3, H, W]</c>, values in
/// [-1, 1]), each written as the reference computes it in float32.
/// </summary>
public static class ImageTensors
{
    /// <summary>
    /// One decoded image <c>[3, H, W]</c> to pixels. Values outside [-1, 1] clamp; NaN becomes 0 (black), as the
    /// float-to-uint8 cast of NaN gives 0 on x86.
    /// </summary>
    public static RgbImage ToRgbImage(ReadOnlySpan<float> image, int width, int height, PixelConvention convention = PixelConvention.A1111)
    {
        var plane = checked(width * height);
        if (image.Length != 3 * plane)
        {
            throw new ArgumentException($"A {width}x{height} image has {3 * plane} values, not {image.Length}.", nameof(image));
        }

        var result = new RgbImage(width, height);
        var pixels = result.Pixels;
        for (var c = 0; c < 3; c++)
        {
            var channel = image.Slice(c * plane, plane);
            for (var i = 0; i < plane; i++)
            {
                pixels[(3 * i) + c] = ToByte(channel[i], convention);
            }
        }

        return result;
    }

    /// <summary>A batch <c>[batch, 3, H, W]</c> to one image each.</summary>
    public static RgbImage[] ToRgbImages(ReadOnlySpan<float> images, int batch, int width, int height, PixelConvention convention = PixelConvention.A1111)
    {
        var size = checked(3 * width * height);
        if (images.Length != batch * size)
        {
            throw new ArgumentException($"{batch} images of {width}x{height} have {batch * size} values, not {images.Length}.", nameof(images));
        }

        var result = new RgbImage[batch];
        for (var b = 0; b < batch; b++)
        {
            result[b] = ToRgbImage(images.Slice(b * size, size), width, height, convention);
        }

        return result;
    }

    /// <summary>
    /// Pixels to the VAE encoder's input <c>[3, H, W]</c> in [-1, 1], as A1111's img2img does it: <c>v / 255</c>
    /// (numpy float32, processing.py <c>StableDiffusionProcessingImg2Img.init</c>), then <c>x · 2 − 1</c>
    /// (sd_samplers_common.py <c>images_tensor_to_samples</c>).
    /// </summary>
    public static void FromRgbImage(RgbImage image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        var plane = image.Width * image.Height;
        if (destination.Length != 3 * plane)
        {
            throw new ArgumentException($"Destination holds {destination.Length} values, not {3 * plane}.", nameof(destination));
        }

        var pixels = image.Pixels;
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                var unit = pixels[(3 * i) + c] / 255f;
                destination[(c * plane) + i] = (unit * 2f) - 1f;
            }
        }
    }

    internal static byte ToByte(float x, PixelConvention convention)
    {
        if (convention == PixelConvention.A1111)
        {
            var v = Math.Clamp((x + 1f) / 2f, 0f, 1f);
            return float.IsNaN(v) ? (byte)0 : (byte)(255f * v);
        }

        var u = Math.Clamp((x / 2f) + 0.5f, 0f, 1f);
        return float.IsNaN(u) ? (byte)0 : (byte)MathF.Round(u * 255f, MidpointRounding.ToEven);
    }
}
