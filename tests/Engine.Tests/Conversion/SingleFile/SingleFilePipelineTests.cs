using System.Text.Json;
using Engine.Conversion;
using Engine.Models;
using Engine.Numerics;
using Engine.Pipelines;
using Engine.Tests.Models;
using Engine.Tests.Onnx;
using Engine.Tests.Support;
using Microsoft.Extensions.Options;

namespace Engine.Tests.Conversion.SingleFile;

/// <summary>A txt2img run on a folder imported from a single-file LDM checkpoint against the same run on the exported fixture.</summary>
public sealed class SingleFilePipelineTests
{
    [SkippableFact]
    public async Task Txt2Img_ImportedSingleFileCheckpoint_EqualsExportedModel()
    {
        using var models = new TempModelsFolder();
        models.CopyFixture("tiny-sd2", "exported");
        var checkpointFolder = Directory.CreateTempSubdirectory("ldm-checkpoint-").FullName;
        try
        {
            var checkpoint = Path.Combine(checkpointFolder, "tiny-sd2.safetensors");
            LdmCheckpointWriter.Sd2FromFixture().WriteSafetensors(checkpoint);
            await ModelImporter.ImportAsync(checkpoint, Path.Combine(models.Root, "converted"),
                SingleFileImportTests.FixtureOptions() with { PredictionType = PredictionType.Epsilon });
        }
        finally
        {
            Directory.Delete(checkpointFolder, recursive: true);
        }

        var options = new EngineOptions { ModelsPath = models.Root };
        using var loader = new ModelLoader(
            CatalogFactory.Create(models.Root), SessionFactoryHelper.Cpu(options), Options.Create(options), new ListLogger<ModelLoader>());

        var converted = Assert.Single(GenerationPipelineFactory.Create(loader.Load("converted")).Run(Request()).Images);
        var exported = Assert.Single(GenerationPipelineFactory.Create(loader.Load("exported")).Run(Request()).Images);

        var difference = exported.Image.Pixels.Zip(converted.Image.Pixels, (a, b) => Math.Abs(a - b)).Max();
        Assert.Equal(exported.Image.Pixels.Length, converted.Image.Pixels.Length);
        Assert.True(difference <= 1, $"The imported model's image differs from the exported model's by {difference} levels.");
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

    private static string TokensText(string key)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path_("reference", "tiny-sd2", "text", "tokens.json")));
        return doc.RootElement.GetProperty(key).GetProperty("text").GetString()!;
    }
}
