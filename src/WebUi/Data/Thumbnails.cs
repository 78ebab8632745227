using Engine.Imaging;

namespace WebUi.Data;

/// <summary>Small previews for the gallery grid.</summary>
public static class Thumbnails
{
    /// <summary>Long side of a thumbnail in pixels.</summary>
    public const int MaxSide = 256;

    /// <summary><paramref name="image"/> scaled to fit <paramref name="maxSide"/> (never enlarged), as PNG bytes.</summary>
    public static byte[] CreatePng(RgbImage image, int maxSide = MaxSide) => PngWriter.Encode(Downscale(image, maxSide));

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
