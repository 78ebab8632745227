namespace Engine.Imaging;

/// <summary>
/// AUTOMATIC1111's "Approx cheap" live preview (modules/sd_vae_approx.py <c>cheap_approximation</c>): a fixed
/// 4→3 matrix applied to each latent pixel of the sampler's latents (already scaled by the VAE factor), then turned
/// into pixels as <c>single_sample_to_image</c> does (<c>x · 0.5 + 0.5</c>, clamp, <c>255 · x</c> truncated).
/// </summary>
public static class CheapLatentPreview
{
    // [latent channel, colour] for SD 1.x/2.x latents, as float32 like the torch tensor A1111 builds.
    private static readonly float[] s_coefficients =
    [
        0.298f, 0.207f, 0.208f,
        0.187f, 0.286f, 0.173f,
        -0.158f, 0.189f, 0.264f,
        -0.184f, -0.271f, -0.473f,
    ];

    /// <summary>One image's latents <c>[4, h, w]</c> to an image of <paramref name="upscale"/> × (w, h) pixels (nearest).</summary>
    /// <exception cref="ArgumentException">The latents do not have 4 × h × w values.</exception>
    public static RgbImage Render(ReadOnlySpan<float> latents, int latentWidth, int latentHeight, int upscale = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(upscale, 1);
        var plane = checked(latentWidth * latentHeight);
        if (latents.Length != 4 * plane)
        {
            throw new ArgumentException($"Expected 4x{latentHeight}x{latentWidth} latents, got {latents.Length} values.", nameof(latents));
        }

        var width = latentWidth * upscale;
        var height = latentHeight * upscale;
        var image = new RgbImage(width, height);
        var pixels = image.Pixels;
        Span<byte> rgb = stackalloc byte[3];
        for (var y = 0; y < latentHeight; y++)
        {
            for (var x = 0; x < latentWidth; x++)
            {
                var source = (y * latentWidth) + x;
                for (var c = 0; c < 3; c++)
                {
                    var value = 0f;
                    for (var l = 0; l < 4; l++)
                    {
                        value += latents[(l * plane) + source] * s_coefficients[(l * 3) + c];
                    }

                    var unit = Math.Clamp((value * 0.5f) + 0.5f, 0f, 1f);
                    rgb[c] = float.IsNaN(unit) ? (byte)0 : (byte)(255f * unit);
                }

                for (var dy = 0; dy < upscale; dy++)
                {
                    var row = ((y * upscale) + dy) * width;
                    for (var dx = 0; dx < upscale; dx++)
                    {
                        var target = 3 * (row + (x * upscale) + dx);
                        pixels[target] = rgb[0];
                        pixels[target + 1] = rgb[1];
                        pixels[target + 2] = rgb[2];
                    }
                }
            }
        }

        return image;
    }
}
