namespace WebUi.Imaging;

/// <summary>The width and height img2img proposes for a newly chosen init image.</summary>
public static class InitImageSize
{
    /// <summary>
    /// The image's own size, scaled down (never up) so that it has at most 1.5× the pixels of the model's default size,
    /// then rounded to multiples of 8 and kept within 64–2048: a 4000×3000 photo on an SD 1.5 model becomes 728×544 rather
    /// than a size the model was never trained for, while the usual 512×768 or 832×1216 pictures keep their size.
    /// </summary>
    public static (int Width, int Height) Suggest(int imageWidth, int imageHeight, int defaultWidth, int defaultHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageHeight);
        var budget = 1.5 * defaultWidth * defaultHeight;
        var scale = Math.Min(1, Math.Sqrt(budget / ((double)imageWidth * imageHeight)));
        return (Round(imageWidth * scale), Round(imageHeight * scale));
    }

    private static int Round(double side) => Math.Clamp((int)Math.Round(side / 8, MidpointRounding.AwayFromZero) * 8, 64, 2048);
}
