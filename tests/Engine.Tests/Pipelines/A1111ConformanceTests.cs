using Engine.Imaging;
using Engine.Pipelines;
using Engine.Tests.Imaging;
using Engine.Tests.Support;
using Engine.TextEncoding;

namespace Engine.Tests.Pipelines;

/// <summary>The whole pipeline on tiny-sd2 against AUTOMATIC1111's own Euler run (a1111/euler_eps).</summary>
public sealed class A1111ConformanceTests
{
    [SkippableFact]
    public void Run_EulerEps_ReproducesFinalLatentsImageAndInfotext()
    {
        var folder = Fixtures.Path_("reference", "tiny-sd2", "a1111", "euler_eps");
        var initNoise = NpyArray.Load(Path.Combine(folder, "init_noise.npy")).AsFloats();
        var finalLatents = NpyArray.Load(Path.Combine(folder, "final_latents.npy")).AsFloats();
        var png = File.ReadAllBytes(Path.Combine(folder, "image.png"));
        using var loader = VaeConformanceTests.Loader();
        var model = loader.Load("tiny-sd2");
        var sampler = new TestEulerSampler();
        var pipeline = new GenerationPipeline(
            model, PromptEncoderFactory.Create(model), new SingleSamplerCatalog(sampler), new FixedNoiseFactory(initNoise),
            new GenerationPipelineOptions { Version = "v1.10.1" });

        var result = pipeline.Run(InfotextTests.A1111Request(folder));

        VaeConformanceTests.AssertRelativeClose(finalLatents, sampler.LastResult!, 1e-4);
        var image = Assert.Single(result.Images);
        var expectedPixels = TestPngDecoder.Decode(png).Pixels;
        var worst = expectedPixels.Zip(image.Image.Pixels, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 1, $"largest pixel difference {worst}");
        Assert.Equal(PngTextReader.ReadParameters(png), image.Infotext);
        Assert.Equal(File.ReadAllText(Path.Combine(folder, "infotext.txt")).TrimEnd('\n'), image.Infotext);
        Assert.Equal(1234, image.Seed);
        var written = PngWriter.Encode(image.Image, [new("parameters", image.Infotext)]);
        Assert.Equal(image.Infotext, PngTextReader.ReadParameters(written));
    }
}
