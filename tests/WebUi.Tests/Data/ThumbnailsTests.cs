using Engine.Imaging;
using WebUi.Data;
using WebUi.Imaging;

namespace WebUi.Tests.Data;

public sealed class ThumbnailsTests
{
    [Fact]
    public void Create_DetailedPicture_IsAJpegFarSmallerThanPng()
    {
        var image = Noisy(512, 384, new Random(7));

        var thumbnail = Thumbnails.Create(image);

        Assert.Equal(ThumbnailMediaType.Jpeg, ThumbnailMediaType.Of(thumbnail));
        Assert.True(thumbnail.Length * 4 < PngWriter.Encode(Thumbnails.Downscale(image, Thumbnails.MaxSide)).Length, $"{thumbnail.Length} bytes");
        var decoded = UploadedImageDecoder.DecodePixels(thumbnail);
        Assert.Equal((256, 192), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void Create_FlatPicture_StaysPngWhereThatIsSmaller()
    {
        var thumbnail = Thumbnails.Create(RgbImage.Filled(512, 512, 10, 200, 30));

        Assert.Equal(ThumbnailMediaType.Png, ThumbnailMediaType.Of(thumbnail));
        Assert.True(thumbnail.Length <= Thumbnails.EncodeJpeg(RgbImage.Filled(256, 256, 10, 200, 30)).Length);
    }

    [Fact]
    public void EncodeJpeg_KeepsTheColours()
    {
        var decoded = UploadedImageDecoder.DecodePixels(Thumbnails.EncodeJpeg(RgbImage.Filled(64, 64, 200, 40, 40)));

        Assert.InRange(decoded.Pixels[0], 195, 205);
        Assert.InRange(decoded.Pixels[1], 35, 45);
        Assert.InRange(decoded.Pixels[2], 35, 45);
    }

    private static RgbImage Noisy(int width, int height, Random random)
    {
        var image = new RgbImage(width, height);
        for (var i = 0; i < image.Pixels.Length; i++)
        {
            image.Pixels[i] = (byte)Math.Clamp((i % 255) + random.Next(-40, 41), 0, 255);
        }

        return image;
    }
}
