using Engine.Imaging;

namespace WebUi.Services;

/// <summary>Turns engine images into something a browser shows directly.</summary>
public static class PreviewImages
{
    /// <summary>A <c>data:image/png;base64,...</c> URL of <paramref name="image"/>.</summary>
    public static string ToPngDataUrl(RgbImage image) => "data:image/png;base64," + Convert.ToBase64String(PngWriter.Encode(image));
}
