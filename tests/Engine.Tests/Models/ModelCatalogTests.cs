using Engine.Models;
using Engine.Onnx;
using Engine.Tests.Support;

namespace Engine.Tests.Models;

public sealed class ModelCatalogTests
{
    [SkippableFact]
    public void Models_FixturesFolder_FindsBothOnnxModelsReady()
    {
        var logger = new ListLogger<ModelCatalog>();
        var catalog = CatalogFactory.Create(Fixtures.Require(), logger);

        var models = catalog.Models;

        Assert.Equal(["tiny-sd2", "tiny-sd2-v"], models.Select(m => m.Id));
        Assert.All(models, m => Assert.True(m.IsReady, string.Join(" ", m.Problems)));
        Assert.Equal(PredictionType.Epsilon, catalog.Get("tiny-sd2").PredictionType);
        Assert.Equal(PredictionType.VPrediction, catalog.Get("tiny-sd2-v").PredictionType);
    }

    [SkippableFact]
    public void Models_FixturesFolder_DescribesTinySd2Contracts()
    {
        var model = CatalogFactory.Create(Fixtures.Require()).Get("tiny-sd2");

        Assert.Equal(256, model.DefaultWidth);
        Assert.Equal(256, model.DefaultHeight);
        Assert.True(model.SupportsImg2Img);
        var io = Assert.IsType<ComponentSignatures>(model.Signatures);
        Assert.Equal(OnnxElementType.Int64, io.TextEncoder.InputIdsType);
        Assert.Equal(32, io.TextEncoder.HiddenSize);
        Assert.Equal(OnnxElementType.Float32, io.UNet.TimestepType);
        Assert.True(io.UNet.TimestepIsScalar);
        Assert.Equal(OnnxElementType.Float32, io.UNet.SampleType);
        Assert.Equal(VaeEncoderOutputKind.LatentParameters, io.VaeEncoder!.OutputKind);
        Assert.Equal(4, io.VaeEncoder.LatentChannels);
        Assert.Equal("PNDMScheduler", model.Scheduler!.ClassName);
        Assert.Equal(0.18215, model.Vae!.ScalingFactor, 6);
        Assert.Equal(Path.Combine(Fixtures.Require(), "tiny-sd2", "unet", "model.onnx"), model.ComponentPath(ModelComponent.UNet));
    }

    [SkippableFact]
    public void Models_FixturesFolder_SkipsNonModelsWithWarnings()
    {
        var logger = new ListLogger<ModelCatalog>();
        var catalog = CatalogFactory.Create(Fixtures.Require(), logger);

        _ = catalog.Models;

        Assert.Contains(logger.Warnings, w => w.Contains("reference", StringComparison.Ordinal) && w.Contains("model_index.json", StringComparison.Ordinal));
        Assert.Contains(logger.Warnings, w => w.Contains("tiny-sd2-diffusers", StringComparison.Ordinal) && w.Contains("not the optimum ONNX layout", StringComparison.Ordinal));
    }

    [Fact]
    public void Models_MissingRoot_IsEmptyWithWarning()
    {
        var logger = new ListLogger<ModelCatalog>();
        var catalog = CatalogFactory.Create(Path.Combine(Path.GetTempPath(), "no-such-models-" + Guid.NewGuid().ToString("N")), logger);

        Assert.Empty(catalog.Models);
        Assert.Single(logger.Warnings);
    }

    [SkippableFact]
    public void Refresh_ModelAddedAfterFirstScan_IsFound()
    {
        using var temp = new TempModelsFolder();
        var catalog = CatalogFactory.Create(temp.Root);
        Assert.Empty(catalog.Models);

        temp.CopyFixture("tiny-sd2", "added");
        catalog.Refresh();

        Assert.True(catalog.TryGet("added", out var model));
        Assert.True(model.IsReady);
    }

    [Theory]
    [InlineData("../tiny-sd2")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("/etc")]
    [InlineData("C:\\models")]
    [InlineData(".hidden")]
    [InlineData("tiny..sd2")]
    [InlineData("")]
    public void Get_InvalidId_ThrowsArgumentExceptionNamingId(string id)
    {
        var catalog = CatalogFactory.Create(Path.GetTempPath());

        var ex = Assert.Throws<ArgumentException>(() => catalog.Get(id));

        Assert.Contains($"'{id}'", ex.Message, StringComparison.Ordinal);
        Assert.False(catalog.TryGet(id, out _));
    }

    [SkippableFact]
    public void Get_UnknownId_ThrowsKeyNotFound()
    {
        var catalog = CatalogFactory.Create(Fixtures.Require());

        Assert.Throws<KeyNotFoundException>(() => catalog.Get("nope"));
    }
}
