using System.Text;
using Engine.Models;

namespace Engine.Tests.Models;

/// <summary>Each test breaks one thing in a temporary copy of tiny-sd2 and checks the catalog's message.</summary>
public sealed class BrokenModelTests : IDisposable
{
    private const string Id = "broken";
    private readonly TempModelsFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public void Scan_MissingUNetGraph_ReportsFile()
    {
        _temp.CopyFixture("tiny-sd2", Id);
        File.Delete(_temp.PathOf(Id, "unet/model.onnx"));

        AssertBroken("unet/model.onnx", "missing");
    }

    [SkippableFact]
    public void Scan_TruncatedGraph_ReportsFile()
    {
        _temp.CopyFixture("tiny-sd2", Id);
        var path = _temp.PathOf(Id, "unet/model.onnx");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        AssertBroken("unet/model.onnx", "truncated");
    }

    [SkippableTheory]
    [InlineData("garbage")]
    [InlineData("empty")]
    [InlineData("lfs")]
    public void Scan_GarbageGraph_ReportsFile(string kind)
    {
        _temp.CopyFixture("tiny-sd2", Id);
        var path = _temp.PathOf(Id, "text_encoder/model.onnx");
        var random = new Random(42);
        var bytes = new byte[4096];
        random.NextBytes(bytes);
        switch (kind)
        {
            case "garbage":
                File.WriteAllBytes(path, bytes);
                break;
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            default:
                File.WriteAllText(path, "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 123\n");
                break;
        }

        AssertBroken("text_encoder/model.onnx", kind == "lfs" ? "Git LFS" : "ONNX");
    }

    [SkippableTheory]
    [InlineData("tokenizer/vocab.json")]
    [InlineData("tokenizer/merges.txt")]
    public void Scan_MissingTokenizerFile_ReportsFile(string file)
    {
        _temp.CopyFixture("tiny-sd2", Id);
        File.Delete(_temp.PathOf(Id, file));

        AssertBroken(file, "missing");
    }

    [SkippableTheory]
    [InlineData("model_index.json")]
    [InlineData("scheduler/scheduler_config.json")]
    [InlineData("unet/config.json")]
    [InlineData("text_encoder/config.json")]
    [InlineData("vae_decoder/config.json")]
    public void Scan_InvalidJson_ReportsFileAndLine(string file)
    {
        _temp.CopyFixture("tiny-sd2", Id);
        File.WriteAllText(_temp.PathOf(Id, file), "{\n  \"a\": 1,\n  oops\n}");

        var problem = AssertBroken(file, "invalid JSON");
        Assert.Contains("line 3", problem.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Scan_UnknownBetaSchedule_ReportsKeyAndChoices()
    {
        _temp.CopyFixture("tiny-sd2", Id);
        Edit("scheduler/scheduler_config.json", "\"scaled_linear\"", "\"cosine_fancy\"");

        var problem = AssertBroken("scheduler/scheduler_config.json", "'beta_schedule'");
        Assert.Contains("cosine_fancy", problem.Message, StringComparison.Ordinal);
        Assert.Contains("scaled_linear", problem.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Scan_WrongTypeInConfig_ReportsKeyAndExpectedType()
    {
        _temp.CopyFixture("tiny-sd2", Id);
        Edit("unet/config.json", "\"sample_size\": 32", "\"sample_size\": \"32\"");

        var problem = AssertBroken("unet/config.json", "'sample_size' must be an integer");
        Assert.Contains("string", problem.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Scan_UNetInChannelsContradictGraph_ReportsBothFiles()
    {
        _temp.CopyFixture("tiny-sd2", Id);
        Edit("unet/config.json", "\"in_channels\": 4", "\"in_channels\": 9");

        var problem = AssertBroken("unet/config.json", "in_channels is 9");
        Assert.Contains("unet/model.onnx", problem.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Scan_TextEncoderHiddenSizeContradictsCrossAttention_ReportsFile()
    {
        _temp.CopyFixture("tiny-sd2", Id);
        Edit("text_encoder/config.json", "\"hidden_size\": 32", "\"hidden_size\": 1024");

        var problem = AssertBroken("text_encoder/config.json", "hidden_size is 1024");
        Assert.Contains("cross_attention_dim 32", problem.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Scan_VaeLatentChannelsContradictGraph_ReportsFile()
    {
        _temp.CopyFixture("tiny-sd2", Id);
        Edit("vae_decoder/config.json", "\"latent_channels\": 4", "\"latent_channels\": 16");

        AssertBroken("vae_decoder/config.json", "latent_channels is 16");
    }

    [SkippableFact]
    public void Scan_GraphWithWrongInputNames_ReportsFile()
    {
        _temp.CopyFixture("tiny-sd2", Id);
        // The VAE decoder graph has the image output name the U-Net needs as input; swapping files gives wrong names.
        File.Copy(_temp.PathOf(Id, "vae_decoder/model.onnx"), _temp.PathOf(Id, "unet/model.onnx"), overwrite: true);

        AssertBroken("unet/model.onnx", "no input named 'timestep'");
    }

    [SkippableFact]
    public void Scan_MissingVaeEncoder_IsReadyWithoutImg2Img()
    {
        _temp.CopyFixture("tiny-sd2", Id);
        File.Delete(_temp.PathOf(Id, "vae_encoder/model.onnx"));

        var model = Scan();

        Assert.True(model.IsReady, string.Join(" ", model.Problems));
        Assert.False(model.SupportsImg2Img);
        Assert.Contains(model.Notes, n => n.Contains("img2img", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Scan_SymlinkedGraphOutsideRoot_IsRefused()
    {
        Skip.If(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        _temp.CopyFixture("tiny-sd2", Id);
        var outside = Directory.CreateTempSubdirectory("engine-outside-").FullName;
        try
        {
            var target = Path.Combine(outside, "model.onnx");
            File.Move(_temp.PathOf(Id, "unet/model.onnx"), target);
            File.CreateSymbolicLink(_temp.PathOf(Id, "unet/model.onnx"), target);

            AssertBroken("unet/model.onnx", "outside the models folder");
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [SkippableFact]
    public void Scan_SymlinkedModelFolderOutsideRoot_IsRefused()
    {
        Skip.If(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        using var outside = new TempModelsFolder();
        var target = outside.CopyFixture("tiny-sd2", "elsewhere");
        Directory.CreateSymbolicLink(Path.Combine(_temp.Root, Id), target);

        var problem = AssertBroken(".", "outside the models folder");
        Assert.Contains(Id, problem.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Scan_SymlinkInsideRoot_IsAccepted()
    {
        Skip.If(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        var source = _temp.CopyFixture("tiny-sd2", "source");
        _temp.CopyFixture("tiny-sd2", Id);
        File.Delete(_temp.PathOf(Id, "unet/model.onnx"));
        File.CreateSymbolicLink(_temp.PathOf(Id, "unet/model.onnx"), Path.Combine(source, "unet", "model.onnx"));

        Assert.True(Scan().IsReady);
    }

    [SkippableFact]
    public void Scan_FolderWithDotDotName_IsSkippedWithWarning()
    {
        _temp.CopyFixture("tiny-sd2", "bad..name");
        var logger = new ListLogger<ModelCatalog>();

        var models = CatalogFactory.Create(_temp.Root, logger).Models;

        Assert.Empty(models);
        Assert.Contains(logger.Warnings, w => w.Contains("bad..name", StringComparison.Ordinal) && w.Contains("not a valid model id", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Scan_BrokenModelBesideHealthyOne_ListsBoth()
    {
        _temp.CopyFixture("tiny-sd2", "good");
        _temp.CopyFixture("tiny-sd2", Id);
        File.WriteAllText(_temp.PathOf(Id, "model_index.json"), "not json");

        var models = CatalogFactory.Create(_temp.Root).Models;

        Assert.Equal([ModelStatus.Broken, ModelStatus.Ready], models.Select(m => m.Status));
    }

    private ModelDescriptor Scan()
    {
        var catalog = CatalogFactory.Create(_temp.Root);
        return catalog.Get(Id);
    }

    private ModelProblem AssertBroken(string file, string fragment)
    {
        var model = Scan();
        Assert.Equal(ModelStatus.Broken, model.Status);
        var problem = model.Problems.FirstOrDefault(p => p.File == file && p.Message.Contains(fragment, StringComparison.Ordinal));
        Assert.True(problem is not null, $"No problem for {file} containing '{fragment}'. Problems: {string.Join(" | ", model.Problems)}");
        if (file != ".")
        {
            Assert.StartsWith(file, problem.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", problem.Message, StringComparison.Ordinal);
        return problem;
    }

    private void Edit(string file, string from, string to)
    {
        var path = _temp.PathOf(Id, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal), Encoding.UTF8);
    }
}
