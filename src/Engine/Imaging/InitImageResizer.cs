namespace Engine.Imaging;

/// <summary>
/// Brings an init image to the generation size the way AUTOMATIC1111's <c>images.resize_image</c> does with no
/// upscaler: Pillow LANCZOS for the main resize, integer (floor) arithmetic for the intermediate sizes and offsets, and
/// Pillow's default bicubic for the "Resize and fill" bands, which are stretched from an empty box on the resized
/// image's edge.
/// </summary>
public static class InitImageResizer
{
    /// <summary>The init image at (<paramref name="width"/>, <paramref name="height"/>).</summary>
    public static RgbImage Resize(RgbImage image, int width, int height, ResizeMode mode)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (mode == ResizeMode.JustResize)
        {
            return ResizeLanczos(image, width, height);
        }

        // Python: ratio = width / height (float), src_w = width if ... else im.width * height // im.height.
        var ratio = (double)width / height;
        var sourceRatio = (double)image.Width / image.Height;
        int scaledWidth, scaledHeight;
        if (mode == ResizeMode.CropAndResize)
        {
            scaledWidth = ratio > sourceRatio ? width : (int)((long)image.Width * height / image.Height);
            scaledHeight = ratio <= sourceRatio ? height : (int)((long)image.Height * width / image.Width);
        }
        else
        {
            scaledWidth = ratio < sourceRatio ? width : (int)((long)image.Width * height / image.Height);
            scaledHeight = ratio >= sourceRatio ? height : (int)((long)image.Height * width / image.Width);
        }

        scaledWidth = Math.Max(scaledWidth, 1);
        scaledHeight = Math.Max(scaledHeight, 1);
        var resized = ResizeLanczos(image, scaledWidth, scaledHeight);
        var result = new RgbImage(width, height);
        Paste(result, resized, (width / 2) - (scaledWidth / 2), (height / 2) - (scaledHeight / 2));
        if (mode == ResizeMode.ResizeAndFill)
        {
            if (ratio < sourceRatio)
            {
                var fill = (height / 2) - (scaledHeight / 2);
                if (fill > 0)
                {
                    Paste(result, PillowResampler.Resize(resized, width, fill, ResampleFilter.Bicubic, 0, 0, width, 0), 0, 0);
                    Paste(result, PillowResampler.Resize(resized, width, fill, ResampleFilter.Bicubic, 0, resized.Height, width, resized.Height), 0, fill + scaledHeight);
                }
            }
            else if (ratio > sourceRatio)
            {
                var fill = (width / 2) - (scaledWidth / 2);
                if (fill > 0)
                {
                    Paste(result, PillowResampler.Resize(resized, fill, height, ResampleFilter.Bicubic, 0, 0, 0, height), 0, 0);
                    Paste(result, PillowResampler.Resize(resized, fill, height, ResampleFilter.Bicubic, resized.Width, 0, resized.Width, height), fill + scaledWidth, 0);
                }
            }
        }

        return result;
    }

    private static RgbImage ResizeLanczos(RgbImage image, int width, int height) =>
        image.Width == width && image.Height == height
            ? new RgbImage(width, height, (byte[])image.Pixels.Clone())
            : PillowResampler.Resize(image, width, height, ResampleFilter.Lanczos);

    // PIL Image.paste at (left, top): the part that falls inside the target, so negative offsets crop.
    private static void Paste(RgbImage target, RgbImage source, int left, int top)
    {
        var x0 = Math.Max(left, 0);
        var y0 = Math.Max(top, 0);
        var x1 = Math.Min(left + source.Width, target.Width);
        var y1 = Math.Min(top + source.Height, target.Height);
        if (x1 <= x0)
        {
            return;
        }

        for (var y = y0; y < y1; y++)
        {
            var from = source.Pixels.AsSpan(3 * (((y - top) * source.Width) + (x0 - left)), 3 * (x1 - x0));
            from.CopyTo(target.Pixels.AsSpan(3 * ((y * target.Width) + x0)));
        }
    }
}
