using Engine.Conversion;
using Engine.Tests.Support;
using Engine.Tests.Weights;
using static Engine.Tests.Conversion.ConversionFixture;

namespace Engine.Tests.Conversion.SingleFile;

/// <summary>Checkpoints that cannot be imported: each fails with a message naming the file and what was expected, and leaves nothing beside the target.</summary>
public sealed class SingleFileErrorTests : IDisposable
{
    private readonly string _scratch = NewScratch();

    public SingleFileErrorTests()
    {
        Directory.CreateDirectory(Input);
        Directory.CreateDirectory(Output);
    }

    private string Input => Path.Combine(_scratch, "in");

    private string Output => Path.Combine(_scratch, "out");

    public void Dispose() => DeleteScratch(_scratch);

    [SkippableFact]
    public async Task DiffusersComponentFile_IsNotAnLdmCheckpoint()
    {
        var path = Path.Combine(Input, "unet.safetensors");
        File.Copy(Fixtures.Path_("tiny-sd2-diffusers", "unet", "diffusion_pytorch_model.safetensors"), path);

        var error = await ImportFails(path, SingleFileImportTests.FixtureOptions());

        Assert.Contains("not a Stable Diffusion checkpoint in the original LDM layout", error.Message, StringComparison.Ordinal);
        Assert.Contains("model.diffusion_model.", error.Message, StringComparison.Ordinal);
        Assert.Contains("down_blocks", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task MissingTensor_IsNamed()
    {
        var path = Path.Combine(Input, "missing.safetensors");
        LdmCheckpointWriter.Sd2FromFixture().Remove("model.diffusion_model.out.2.weight").WriteSafetensors(path);

        var error = await ImportFails(path, SingleFileImportTests.FixtureOptions());

        Assert.Contains("conv_out.weight", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task MissingTensorOnlyTheGraphNeeds_IsNamed()
    {
        var path = Path.Combine(Input, "missing.safetensors");
        LdmCheckpointWriter.Sd2FromFixture().Remove("first_stage_model.decoder.mid.attn_1.v.weight").WriteSafetensors(path);

        var error = await ImportFails(path, SingleFileImportTests.FixtureOptions());

        Assert.Contains("decoder.mid_block.attentions.0.to_v.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("diffusers' names for the checkpoint's original LDM tensors", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task MisshapenFusedProjection_SaysWhatShapeIsExpected()
    {
        var path = Path.Combine(Input, "bad.safetensors");
        LdmCheckpointWriter.Sd2FromFixture().Replace("cond_stage_model.model.transformer.resblocks.0.attn.in_proj_weight", [95, 32]).WriteSafetensors(path);

        var error = await ImportFails(path, SingleFileImportTests.FixtureOptions());

        Assert.Contains("cond_stage_model.model.transformer.resblocks.0.attn.in_proj_weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("[95, 32]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[3·width, width]", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task MisshapenVaeAttention_IsNamedWithItsShape()
    {
        // LDM's attention projections are 1x1 convs; a 3x3 kernel is no linear layer.
        var path = Path.Combine(Input, "bad.safetensors");
        LdmCheckpointWriter.Sd2FromFixture().Replace("first_stage_model.decoder.mid.attn_1.q.weight", [32, 32, 3, 3]).WriteSafetensors(path);

        var error = await ImportFails(path, SingleFileImportTests.FixtureOptions());

        Assert.Contains("decoder.mid_block.attentions.0.to_q.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("[32, 32, 3, 3]", error.Message, StringComparison.Ordinal);
        Assert.Contains("expects 2-D", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task WrongRankInATensorTheDetectionReads_NamesTheCheckpointTensor()
    {
        var path = Path.Combine(Input, "bad.safetensors");
        LdmCheckpointWriter.Sd2FromFixture().Replace("model.diffusion_model.out.2.weight", [4, 32, 9]).WriteSafetensors(path);

        var error = await ImportFails(path, SingleFileImportTests.FixtureOptions());

        Assert.Contains("model.diffusion_model.out.2.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("[4, 32, 9]", error.Message, StringComparison.Ordinal);
        Assert.Contains("4-D", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task UnknownUNetTensor_IsNamed()
    {
        var path = Path.Combine(Input, "unclip.safetensors");
        LdmCheckpointWriter.Sd2FromFixture().Add("model.diffusion_model.label_emb.0.0.weight", [4, 4], new float[16]).WriteSafetensors(path);

        var error = await ImportFails(path, SingleFileImportTests.FixtureOptions());

        Assert.Contains("model.diffusion_model.label_emb.0.0.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("no counterpart", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task TwoTextEncoders_AreAmbiguous()
    {
        var path = Path.Combine(Input, "both.safetensors");
        LdmCheckpointWriter.Sd2FromFixture()
            .Add("cond_stage_model.transformer.text_model.final_layer_norm.weight", [32], new float[32])
            .WriteSafetensors(path);

        var error = await ImportFails(path, SingleFileImportTests.FixtureOptions());

        Assert.Contains("two text encoders", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task NoTokenizer_SaysWhatToProvide()
    {
        var path = Path.Combine(Input, "sd2.safetensors");
        LdmCheckpointWriter.Sd2FromFixture().WriteSafetensors(path);

        var error = await ImportFails(path, SingleFileImportTests.FixtureOptions() with { TokenizerSource = null });

        Assert.Contains("carries no tokenizer", error.Message, StringComparison.Ordinal);
        Assert.Contains("TokenizerSource", error.Message, StringComparison.Ordinal);
        Assert.Contains("vocab.json and merges.txt", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task FixtureShapesWithoutConfigSource_SayTheFamilyConfigDoesNotFit()
    {
        // The tiny model has 32- and 64-channel U-Net blocks: not SD 2's 64 channels per head at every level.
        var path = Path.Combine(Input, "sd2.safetensors");
        LdmCheckpointWriter.Sd2FromFixture().WriteSafetensors(path);

        var error = await ImportFails(path, SingleFileImportTests.FixtureOptions() with { ConfigSource = null });

        Assert.Contains("64 channels per attention head", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConfigSource", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ConfigSourceWithTheFilesLayerCount_IsRefused()
    {
        // A config counting all 3 OpenCLIP resblocks: SD 2 uses 2 of them.
        var configs = Path.Combine(_scratch, "configs");
        foreach (var component in new[] { "unet", "vae", "text_encoder" })
        {
            Directory.CreateDirectory(Path.Combine(configs, component));
            var text = File.ReadAllText(Fixtures.Path_("tiny-sd2-diffusers", component, "config.json"));
            File.WriteAllText(Path.Combine(configs, component, "config.json"),
                text.Replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 3", StringComparison.Ordinal));
        }

        var path = Path.Combine(Input, "sd2.safetensors");
        LdmCheckpointWriter.Sd2FromFixture().WriteSafetensors(path);

        var error = await ImportFails(path, SingleFileImportTests.FixtureOptions() with { ConfigSource = configs });

        Assert.Contains("num_hidden_layers 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 layers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherFile_IsNeitherFolderNorCheckpoint()
    {
        var path = Path.Combine(Input, "notes.txt");
        await File.WriteAllTextAsync(path, "hello");

        var error = await ImportFails(path, new());

        Assert.Contains(".safetensors", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a checkpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorruptCheckpoint_IsAConversionErrorNamingTheFile()
    {
        var path = Path.Combine(Input, "corrupt.safetensors");
        await File.WriteAllBytesAsync(path, SafetensorsBuilder.Compose("{\"a\": 1", []));
        var tokenizer = Path.Combine(Input, "tokenizer");
        Directory.CreateDirectory(tokenizer);
        await File.WriteAllTextAsync(Path.Combine(tokenizer, "vocab.json"), "{}");
        await File.WriteAllTextAsync(Path.Combine(tokenizer, "merges.txt"), string.Empty);

        var error = await ImportFails(path, new());

        Assert.Contains("corrupt.safetensors", error.Message, StringComparison.Ordinal);
        Assert.IsType<Engine.Weights.WeightFileException>(error.InnerException);
    }

    private async Task<ModelConversionException> ImportFails(string path, ModelImportOptions options)
    {
        var target = Path.Combine(Output, "model");
        var error = await Assert.ThrowsAsync<ModelConversionException>(() => ModelImporter.ImportAsync(path, target, options));
        Assert.Contains(Path.GetFileName(path), error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Output));
        return error;
    }
}
