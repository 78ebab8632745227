using Engine.Imaging;
using Engine.Models;
using Engine.Pipelines;
using Engine.Tests.Imaging;
using Engine.Tests.Models;
using Engine.Tests.Support;
using static Engine.Tests.Support.TinySd2Txt2Img;

namespace Engine.Tests.Pipelines;

/// <summary>
/// The production stack — seeded RNG, the registered samplers, prompt encoding, ONNX Runtime, VAE, infotext — from the
/// seed to the PNG, against the recorded AUTOMATIC1111 and diffusers runs on tiny-sd2.
/// </summary>
public sealed class EndToEndConformanceTests
{
    [SkippableFact]
    public void Run_A1111EulerFromSeed_ReproducesImageAndInfotext()
    {
        var folder = Fixtures.Path_("reference", "tiny-sd2", "a1111", "euler_eps");
        var png = File.ReadAllBytes(Path.Combine(folder, "image.png"));
        using var loader = VaeConformanceTests.Loader();
        var pipeline = GenerationPipelineFactory.Create(loader.Load("tiny-sd2"), new GenerationPipelineOptions { Version = "v1.10.1" });

        var result = pipeline.Run(InfotextTests.A1111Request(folder));

        var image = Assert.Single(result.Images);
        AssertPixelsWithinOneLevel(TestPngDecoder.Decode(png).Pixels, image.Image.Pixels);
        Assert.Equal(File.ReadAllText(Path.Combine(folder, "infotext.txt")).TrimEnd('\n'), image.Infotext);
    }

    [SkippableTheory]
    [InlineData("pndm_eps", "PNDMScheduler")]
    [InlineData("ddim_eps", "DDIMScheduler")]
    public void Run_DefaultSamplerFromSeed_ReproducesDiffusersImage(string reference, string schedulerClass)
    {
        var folder = Fixtures.Path_("reference", "tiny-sd2", "txt2img", reference);
        var expected = NpyArray.Load(Path.Combine(folder, "image.npy")).AsFloats();
        using var models = new TempModelsFolder();
        models.CopyFixture("tiny-sd2", "model");
        var config = models.PathOf("model", "scheduler/scheduler_config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"PNDMScheduler\"", $"\"{schedulerClass}\"", StringComparison.Ordinal));
        using var loader = CpuLoader(models.Root);
        var pipeline = GenerationPipelineFactory.Create(loader.Load("model"));

        var result = pipeline.Run(Request());

        // diffusers' image.npy is the VAE output in [-1, 1]; A1111's 8-bit conversion of it must equal ours within a level.
        var expectedPixels = ImageTensors.ToRgbImages(expected, 1, 256, 256, PixelConvention.A1111)[0].Pixels;
        var image = Assert.Single(result.Images);
        AssertPixelsWithinOneLevel(expectedPixels, image.Image.Pixels);
        Assert.Contains("Sampler: Default", image.Infotext, StringComparison.Ordinal);
    }

    private static void AssertPixelsWithinOneLevel(byte[] expected, byte[] actual)
    {
        var worst = MaxLevelDifference(expected, actual);
        Assert.True(worst <= 1, $"largest pixel difference {worst}");
    }
}
