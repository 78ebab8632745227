using Engine.Imaging;
using Engine.Pipelines;
using WebUi.Data;

namespace WebUi.Tests.Data;

public sealed class ImageFileWriterTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "webui-writer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public void Write_ExistingNumbers_UsesHighestPlusOneAndLeavesNoTempFile()
    {
        var folder = Path.Combine(_data, "outputs", "img2img-images", "2025-01-31");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "00007-99.png"), []);
        File.WriteAllBytes(Path.Combine(folder, "00002-5.png"), []);
        var writer = new ImageFileWriter(_data);
        var image = new GeneratedImage(RgbImage.Filled(8, 8, 255, 0, 0), 42, 42, "赤い丸\nSteps: 4, Sampler: Euler, Seed: 42", 0, false);

        var relative = writer.Write(image, new GenerationRequest { Mode = GenerationMode.ImageToImage }, "demo", new DateTime(2025, 1, 31, 10, 0, 0));

        Assert.Equal("outputs/img2img-images/2025-01-31/00008-42.png", relative);
        var png = File.ReadAllBytes(Path.Combine(_data, relative));
        Assert.Equal(image.Infotext, PngTextReader.ReadParameters(png));
        Assert.DoesNotContain(Directory.EnumerateFiles(folder), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void DeleteLeftoverTempFiles_AfterACrash_DeletesOnlyTheWritersTempFiles()
    {
        var txt2img = Path.Combine(_data, "outputs", "txt2img-images", "2025-01-31");
        var img2img = Path.Combine(_data, "outputs", "img2img-images", "2025-02-01");
        Directory.CreateDirectory(txt2img);
        Directory.CreateDirectory(img2img);
        string[] leftovers = [Path.Combine(txt2img, $".{Guid.NewGuid():N}.tmp"), Path.Combine(img2img, $".{Guid.NewGuid():N}.tmp")];
        string[] kept = [Path.Combine(txt2img, "00000-1.png"), Path.Combine(txt2img, "notes.tmp"), Path.Combine(img2img, ".not-a-guid.tmp")];
        foreach (var file in leftovers.Concat(kept))
        {
            File.WriteAllBytes(file, [1, 2, 3]);
        }

        var deleted = ImageFileWriter.DeleteLeftoverTempFiles(_data);

        Assert.Equal(2, deleted);
        Assert.All(leftovers, f => Assert.False(File.Exists(f), f));
        Assert.All(kept, f => Assert.True(File.Exists(f), f));
    }

    [Fact]
    public void DeleteLeftoverTempFiles_NoOutputsYet_DeletesNothing()
    {
        Assert.Equal(0, ImageFileWriter.DeleteLeftoverTempFiles(_data));
    }

    [Fact]
    public void Downscale_LargeImage_FitsTheLongSideAndAveragesBoxes()
    {
        var image = new RgbImage(4, 2, [0, 0, 0, 255, 255, 255, 10, 10, 10, 30, 30, 30, 0, 0, 0, 255, 255, 255, 10, 10, 10, 30, 30, 30]);

        var small = Thumbnails.Downscale(image, 2);

        Assert.Equal((2, 1), (small.Width, small.Height));
        Assert.Equal((128, 128, 128), small.GetPixel(0, 0));
        Assert.Equal((20, 20, 20), small.GetPixel(1, 0));
    }
}
