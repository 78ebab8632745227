using Engine.Conversion;
using Engine.Imaging;
using Engine.Models;
using Engine.Onnx;
using Engine.Pipelines;
using Engine.Tests.Models;
using Engine.Tests.Support;
using Xunit.Abstractions;
using static Engine.Tests.Conversion.ConversionFixture;
using static Engine.Tests.Support.TinySd2Txt2Img;

namespace Engine.Tests.Conversion;

/// <summary>
/// A txt2img run on a folder whose text encoder, U-Net and VAE were all converted in C# against the same run on the exported folder and against diffusers' recorded image.
/// </summary>
public sealed class ConvertedModelPipelineTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Txt2Img_ImportedDiffusersFolder_EqualsExportedModelAndDiffusers()
    {
        var expected = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "txt2img", "pndm_eps", "image.npy")).AsFloats();
        using var models = new TempModelsFolder();
        models.CopyFixture("tiny-sd2", "exported");
        await ModelImporter.ImportAsync(Fixtures.Path_("tiny-sd2-diffusers"), Path.Combine(models.Root, "converted"));
        using var loader = CpuLoader(models.Root);

        var converted = Assert.Single(GenerationPipelineFactory.Create(loader.Load("converted")).Run(Request()).Images);
        var exported = Assert.Single(GenerationPipelineFactory.Create(loader.Load("exported")).Run(Request()).Images);

        var diffusersPixels = ImageTensors.ToRgbImages(expected, 1, 256, 256, PixelConvention.A1111)[0].Pixels;
        Assert.True(MaxLevelDifference(exported.Image.Pixels, converted.Image.Pixels) <= 1);
        Assert.True(MaxLevelDifference(diffusersPixels, converted.Image.Pixels) <= 1);
    }

    [SkippableFact]
    public async Task Txt2Img_Float16Import_StaysCloseToTheFloat32Import()
    {
        // The fp16 text encoder and U-Net round every activation to 11 bits, about 1e-3 of the U-Net output's scale per
        // step (Float16ConversionTests); over 12 PNDM steps with CFG 7.5 the VAE (fp32) turns that into at most one 8-bit
        // level here (mean 0.02). The bound, 3 levels at any value and a mean under 0.2, leaves room for other CPUs while a
        // broken fp16 graph (NaN, a wrong layer, no fp32 islands) is tens of levels off.
        using var models = new TempModelsFolder();
        await ModelImporter.ImportAsync(Fixtures.Path_("tiny-sd2-diffusers"), Path.Combine(models.Root, "fp32"));
        await ModelImporter.ImportAsync(Fixtures.Path_("tiny-sd2-diffusers"), Path.Combine(models.Root, "fp16"),
            new ModelImportOptions { Precision = ModelPrecision.Float16 });
        using var loader = CpuLoader(models.Root);

        var fp16Model = loader.Load("fp16");
        var signatures = fp16Model.Descriptor.Signatures!;
        Assert.Equal(OnnxElementType.Float16, signatures.TextEncoder.HiddenStateType);
        Assert.Equal(OnnxElementType.Float16, signatures.UNet.SampleType);
        Assert.Equal(OnnxElementType.Float32, signatures.VaeDecoder.LatentType); // the VAE stays float32
        var half = Assert.Single(GenerationPipelineFactory.Create(fp16Model).Run(Request()).Images);
        var full = Assert.Single(GenerationPipelineFactory.Create(loader.Load("fp32")).Run(Request()).Images);

        var differences = full.Image.Pixels.Zip(half.Image.Pixels, (a, b) => Math.Abs(a - b)).ToArray();
        output.WriteLine($"fp16 vs fp32: max {differences.Max()} levels, mean {differences.Average():F3}, {differences.Count(d => d > 1)} values over 1 level");
        Assert.InRange(differences.Max(), 0, 3);
        Assert.InRange(differences.Average(), 0, 0.2);
    }
}
