using Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace WebUi.Data;

/// <summary>
/// Small previews for the gallery grid. JPEG for pictures: a page of 48 PNG thumbnails of detailed images was several
/// MB. PNG where it is smaller, as for flat, synthetic images (the demo model's). Databases written before hold PNG
/// thumbnails only; <see cref="ThumbnailMediaType"/> tells the formats apart.
/// </summary>
public static class Thumbnails
{
    /// <summary>Long side of a thumbnail in pixels.</summary>
    public const int MaxSide = 256;

    /// <summary>JPEG quality: no visible loss at thumbnail size.</summary>
    public const int JpegQuality = 85;

    private static readonly JpegEncoder s_jpegEncoder = new() { Quality = JpegQuality };

    /// <summary><paramref name="image"/> scaled to fit <paramref name="maxSide"/> (never enlarged), as JPEG or PNG, whichever is smaller.</summary>
    public static byte[] Create(RgbImage image, int maxSide = MaxSide)
    {
        var small = Downscale(image, maxSide);
        var jpeg = EncodeJpeg(small);
        var png = PngWriter.Encode(small);
        return png.Length <= jpeg.Length ? png : jpeg;
    }

    /// <summary><paramref name="image"/> as it is, as JPEG bytes.</summary>
    public static byte[] EncodeJpeg(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);

        // Our own pixels in, so nothing untrusted is decoded here.
        using var picture = Image.LoadPixelData<Rgb24>(image.Pixels, image.Width, image.Height);
        using var stream = new MemoryStream();
        picture.SaveAsJpeg(stream, s_jpegEncoder);
        return stream.ToArray();
    }

    /// <summary>
    /// A box filter: each target pixel is the mean of the source pixels its area covers (whole pixels, the area's edges
    /// rounded outwards), which is what area resampling does for reductions and keeps fine detail from aliasing.
    /// </summary>
    public static RgbImage Downscale(RgbImage image, int maxSide)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        var longSide = Math.Max(image.Width, image.Height);
        if (longSide <= maxSide)
        {
            return image;
        }

        var width = Math.Max(1, (int)Math.Round((double)image.Width * maxSide / longSide));
        var height = Math.Max(1, (int)Math.Round((double)image.Height * maxSide / longSide));
        var result = new RgbImage(width, height);
        var source = image.Pixels;
        var target = result.Pixels;
        for (var y = 0; y < height; y++)
        {
            var y0 = (int)((long)y * image.Height / height);
            var y1 = Math.Max(y0 + 1, (int)(((long)(y + 1) * image.Height + height - 1) / height));
            for (var x = 0; x < width; x++)
            {
                var x0 = (int)((long)x * image.Width / width);
                var x1 = Math.Max(x0 + 1, (int)(((long)(x + 1) * image.Width + width - 1) / width));
                int r = 0, g = 0, b = 0;
                for (var sy = y0; sy < y1; sy++)
                {
                    var row = sy * image.Width * 3;
                    for (var sx = x0; sx < x1; sx++)
                    {
                        var i = row + (sx * 3);
                        r += source[i];
                        g += source[i + 1];
                        b += source[i + 2];
                    }
                }

                var count = (y1 - y0) * (x1 - x0);
                var o = ((y * width) + x) * 3;
                target[o] = (byte)((r + (count / 2)) / count);
                target[o + 1] = (byte)((g + (count / 2)) / count);
                target[o + 2] = (byte)((b + (count / 2)) / count);
            }
        }

        return result;
    }
}
