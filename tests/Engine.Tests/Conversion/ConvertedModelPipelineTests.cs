using System.Text.Json;
using Engine.Conversion;
using Engine.Imaging;
using Engine.Models;
using Engine.Numerics;
using Engine.Pipelines;
using Engine.Tests.Models;
using Engine.Tests.Onnx;
using Engine.Tests.Support;
using Microsoft.Extensions.Options;
using static Engine.Tests.Conversion.ConversionFixture;

namespace Engine.Tests.Conversion;

/// <summary>
/// A txt2img run on a folder whose text encoder, U-Net and VAE were all converted in C# against the same run on the exported folder and against diffusers' recorded image.
/// </summary>
public sealed class ConvertedModelPipelineTests
{
    [SkippableFact]
    public async Task Txt2Img_ImportedDiffusersFolder_EqualsExportedModelAndDiffusers()
    {
        var expected = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "txt2img", "pndm_eps", "image.npy")).AsFloats();
        using var models = new TempModelsFolder();
        models.CopyFixture("tiny-sd2", "exported");
        await ModelImporter.ImportAsync(Fixtures.Path_("tiny-sd2-diffusers"), Path.Combine(models.Root, "converted"));
        var options = new EngineOptions { ModelsPath = models.Root };
        using var loader = new ModelLoader(
            CatalogFactory.Create(models.Root), SessionFactoryHelper.Cpu(options), Options.Create(options), new ListLogger<ModelLoader>());

        var converted = Assert.Single(GenerationPipelineFactory.Create(loader.Load("converted")).Run(Request()).Images);
        var exported = Assert.Single(GenerationPipelineFactory.Create(loader.Load("exported")).Run(Request()).Images);

        var diffusersPixels = ImageTensors.ToRgbImages(expected, 1, 256, 256, PixelConvention.A1111)[0].Pixels;
        Assert.True(MaxLevelDifference(exported.Image.Pixels, converted.Image.Pixels) <= 1);
        Assert.True(MaxLevelDifference(diffusersPixels, converted.Image.Pixels) <= 1);
    }

    private static GenerationRequest Request() => new()
    {
        Prompt = TokensText("cond"),
        NegativePrompt = TokensText("uncond"),
        SamplerName = "Default",
        Steps = 12,
        CfgScale = 7.5,
        Seed = 1234,
        Width = 256,
        Height = 256,
        RngSource = RandomSource.Cpu,
    };

    private static int MaxLevelDifference(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
    }

    private static string TokensText(string key)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path_("reference", "tiny-sd2", "text", "tokens.json")));
        return doc.RootElement.GetProperty(key).GetProperty("text").GetString()!;
    }
}
