using Engine.Conversion;
using Engine.Models;
using Engine.Pipelines;
using Engine.Tests.Models;
using Engine.Tests.Support;
using static Engine.Tests.Support.TinySd2Txt2Img;

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

        using var loader = CpuLoader(models.Root);

        var converted = Assert.Single(GenerationPipelineFactory.Create(loader.Load("converted")).Run(Request()).Images);
        var exported = Assert.Single(GenerationPipelineFactory.Create(loader.Load("exported")).Run(Request()).Images);

        var difference = MaxLevelDifference(exported.Image.Pixels, converted.Image.Pixels);
        Assert.True(difference <= 1, $"The imported model's image differs from the exported model's by {difference} levels.");
    }
}
