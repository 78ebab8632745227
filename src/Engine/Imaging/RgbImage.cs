namespace Engine.Imaging;

/// <summary>
/// An 8-bit RGB image, row-major, three bytes per pixel with no padding: the engine's only image type (the web app
/// decodes uploads into it and encodes it for display).
/// </summary>
public sealed class RgbImage
{
    /// <summary>Wraps <paramref name="pixels"/> (not copied).</summary>
    /// <exception cref="ArgumentException">The sizes are not positive or the buffer length is not width × height × 3.</exception>
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.LongLength != 3L * width * height)
        {
            throw new ArgumentException($"A {width}x{height} RGB image needs {3L * width * height} bytes, not {pixels.LongLength}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>A black image.</summary>
    public RgbImage(int width, int height)
        : this(width, height, new byte[checked(3 * width * height)])
    {
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>R, G, B of each pixel, rows top to bottom.</summary>
    public byte[] Pixels { get; }

    /// <summary>An image of one colour.</summary>
    public static RgbImage Filled(int width, int height, byte r, byte g, byte b)
    {
        var image = new RgbImage(width, height);
        var pixels = image.Pixels;
        for (var i = 0; i < pixels.Length; i += 3)
        {
            pixels[i] = r;
            pixels[i + 1] = g;
            pixels[i + 2] = b;
        }

        return image;
    }

    /// <summary>The (r, g, b) of the pixel at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public (byte R, byte G, byte B) GetPixel(int x, int y)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)x, (uint)Width, nameof(x));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)y, (uint)Height, nameof(y));
        var i = 3 * ((y * Width) + x);
        return (Pixels[i], Pixels[i + 1], Pixels[i + 2]);
    }
}
