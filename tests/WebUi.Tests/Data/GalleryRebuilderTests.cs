using Engine.Imaging;
using Microsoft.Extensions.Logging.Abstractions;
using WebUi.Data;

namespace WebUi.Tests.Data;

public sealed class GalleryRebuilderTests : IDisposable
{
    private const string Infotext = "red circle\nNegative prompt: blurry\nSteps: 12, Sampler: Euler a, CFG scale: 7, Seed: 1234, Size: 512x320, Model: demo";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "webui-rebuild-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public void Rebuild_PngWithInfotext_RecordGetsTheThumbnailTheSaverWouldHaveMade()
    {
        var image = Gradient(512, 320);
        Write("outputs/txt2img-images/2025-01-01/00000-1234.png", PngWriter.Encode(image, [new("parameters", Infotext)]));
        using var store = new LiteDbGalleryStore(_data);

        var report = new GalleryRebuilder(store, NullLogger<GalleryRebuilder>.Instance).Rebuild();

        Assert.Equal(new GalleryRebuildReport(1, 1, 0, 0), report);
        var item = store.Query(new GalleryQuery()).Items.Single();
        Assert.True(item.HasThumbnail);
        Assert.Equal(Thumbnails.Create(image), store.GetThumbnail(item.Id));
        var thumbnail = WebUi.Imaging.UploadedImageDecoder.DecodePixels(store.GetThumbnail(item.Id)!);
        Assert.Equal((256, 160), (thumbnail.Width, thumbnail.Height));
    }

    [Fact]
    public void Rebuild_PngWhosePixelsAreCutShort_RecordsItWithoutAThumbnail()
    {
        var png = PngWriter.Encode(Gradient(64, 64), [new("parameters", Infotext)]);
        Write("outputs/txt2img-images/2025-01-01/00001-1234.png", png[..(png.Length / 2)]);
        using var store = new LiteDbGalleryStore(_data);

        var report = new GalleryRebuilder(store, NullLogger<GalleryRebuilder>.Instance).Rebuild();

        Assert.Equal(new GalleryRebuildReport(1, 1, 0, 0), report);
        var item = store.Query(new GalleryQuery()).Items.Single();
        Assert.Equal("red circle", item.Prompt);
        Assert.False(item.HasThumbnail);
        Assert.Null(store.GetThumbnail(item.Id));
    }

    private void Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(_data, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A picture with detail, so a thumbnail made another way would differ.</summary>
    private static RgbImage Gradient(int width, int height)
    {
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                image.Pixels[i] = (byte)(x * 255 / width);
                image.Pixels[i + 1] = (byte)(y * 255 / height);
                image.Pixels[i + 2] = (byte)((x ^ y) & 0xFF);
            }
        }

        return image;
    }
}
