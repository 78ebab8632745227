using System.Text.Json;
using Engine.Conversion;
using Engine.Conversion.SingleFile;
using Engine.Models;
using Engine.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;
using static Engine.Tests.Conversion.ConversionFixture;

namespace Engine.Tests.Conversion.SingleFile;

/// <summary>
/// A single-file LDM checkpoint built from the tiny-sd2 weights, imported by <see cref="ModelImporter"/>: every
/// component gives the reference outputs, the layout is optimum's, and the scheduler and tokenizer files suit the family.
/// </summary>
public sealed class SingleFileImportTests : IDisposable
{
    private const double Tolerance = 1e-4;
    private readonly ITestOutputHelper _output;
    private readonly string _scratch = NewScratch();

    public SingleFileImportTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => DeleteScratch(_scratch);

    [SkippableTheory]
    [InlineData("model.safetensors")]
    [InlineData("model.ckpt")]
    public async Task ImportAsync_Sd2Checkpoint_GivesTheReferenceOutputs(string fileName)
    {
        var checkpoint = WriteSd2(fileName);
        var target = Path.Combine(_scratch, "out", "converted");
        var reports = new List<ModelImportProgress>();

        await ModelImporter.ImportAsync(checkpoint, target, FixtureOptions() with { PredictionType = PredictionType.Epsilon }, new ListProgress(reports));

        Assert.Equal(["converted"], Directory.GetFileSystemEntries(Path.Combine(_scratch, "out")).Select(Path.GetFileName));
        var ids = NpyArray.Load(ModelIo("text_encoder.input_ids.npy"));
        var text = Run(Path.Combine(target, "text_encoder", "model.onnx"), "input_ids", ids);
        AssertClose("last_hidden_state", NpyArray.Load(ModelIo("text_encoder.last_hidden_state.npy")).AsFloats(), text["last_hidden_state"].Data);
        AssertClose("pooler_output", NpyArray.Load(ModelIo("text_encoder.pooler_output.npy")).AsFloats(), text["pooler_output"].Data);

        var sample = NpyArray.Load(ModelIo("unet.sample.npy"));
        var context = NpyArray.Load(ModelIo("unet.encoder_hidden_states.npy"));
        AssertClose("out_sample", NpyArray.Load(ModelIo("unet.t500_5.out_sample.npy")).AsFloats(),
            RunUNet(Path.Combine(target, "unet", "model.onnx"), sample, 500.5f, context).Data);

        var latents = NpyArray.Load(ModelIo("vae_decoder.latent_sample.npy"));
        AssertClose("decoded sample", NpyArray.Load(ModelIo("vae_decoder.sample.npy")).AsFloats(),
            Run(Path.Combine(target, "vae_decoder", "model.onnx"), "latent_sample", latents)["sample"].Data);
        var image = NpyArray.Load(ModelIo("vae_encoder.sample.npy"));
        AssertClose("latent_parameters", NpyArray.Load(ModelIo("vae_encoder.latent_parameters.npy")).AsFloats(),
            Run(Path.Combine(target, "vae_encoder", "model.onnx"), "sample", image)["latent_parameters"].Data);

        // SD 2 base's scheduler is the fixture's: every key diffusers writes, with the same values.
        AssertSameJson(Fixtures.Path_("tiny-sd2-diffusers", "scheduler", "scheduler_config.json"), Path.Combine(target, "scheduler", "scheduler_config.json"));
        AssertSameJson(Fixtures.Path_("tiny-sd2-diffusers", "model_index.json"), Path.Combine(target, "model_index.json"));
        Assert.True(File.Exists(Path.Combine(target, "tokenizer", "vocab.json")));
        Assert.True(File.Exists(Path.Combine(target, "tokenizer", "merges.txt")));
        Assert.Equal("!", ReadString(Path.Combine(target, "tokenizer", "special_tokens_map.json"), "pad_token"));
        Assert.False(Directory.Exists(Path.Combine(target, ".configs")));
        var model = ModelFolderInspector.Inspect(Path.Combine(_scratch, "out"), target);
        Assert.True(model.IsReady, string.Join("; ", model.Problems.Select(p => p.ToString())));

        Assert.All(reports.Zip(reports.Skip(1)), pair => Assert.True(pair.Second.Fraction >= pair.First.Fraction - 1e-12));
        Assert.Equal(1.0, reports[^1].Fraction, 9);
        Assert.Contains(reports, r => r.Component == "unet" && r.Stage == "weights");
    }

    [SkippableFact]
    public async Task ImportAsync_Sd2WithoutPredictionType_DecidesAsA1111sTestDoesOnTheReferenceUNet()
    {
        var checkpoint = WriteSd2("sd2.safetensors");
        var target = Path.Combine(_scratch, "out", "probed");
        var reports = new List<ModelImportProgress>();

        await ModelImporter.ImportAsync(checkpoint, target, FixtureOptions(), new ListProgress(reports));

        // A1111's statistic on the optimum-exported U-Net of the same weights, computed apart from the import.
        var statistic = VPredictionProbe.Statistic(Exported("unet"), 4, 32);
        _output.WriteLine($"mean(U-Net(0.5, 999, 0.5) - 0.5) = {statistic:F4}");
        var expected = statistic < -1 ? "tiny-sd2-v" : "tiny-sd2-diffusers";
        AssertSameJson(Fixtures.Path_(expected, "scheduler", "scheduler_config.json"), Path.Combine(target, "scheduler", "scheduler_config.json"));
        Assert.Contains(reports, r => r.Component == "unet" && r.Stage == "probing");
    }

    [SkippableFact]
    public async Task ImportAsync_Sd2InFloat16WithoutPredictionType_ProbesTheFloat16UNetAsTheFloat32OneDecides()
    {
        var checkpoint = WriteSd2("sd2.safetensors");
        var target = Path.Combine(_scratch, "out", "probed16");
        var reports = new List<ModelImportProgress>();

        await ModelImporter.ImportAsync(checkpoint, target, FixtureOptions() with { Precision = ModelPrecision.Float16 }, new ListProgress(reports));

        var statistic16 = VPredictionProbe.Statistic(Path.Combine(target, "unet", "model.onnx"), 4, 32);
        var statistic32 = VPredictionProbe.Statistic(Exported("unet"), 4, 32);
        Assert.Equal(statistic32, statistic16, 2);
        var expected = statistic32 < -1 ? "tiny-sd2-v" : "tiny-sd2-diffusers";
        AssertSameJson(Fixtures.Path_(expected, "scheduler", "scheduler_config.json"), Path.Combine(target, "scheduler", "scheduler_config.json"));
        Assert.Contains(reports, r => r.Component == "unet" && r.Stage == "probing");
    }

    [SkippableFact]
    public async Task ImportAsync_Sd2WithImageSize768Only_IsVPredictionDdimWithoutProbing()
    {
        var checkpoint = WriteSd2("sd2.safetensors");
        var target = Path.Combine(_scratch, "out", "v");
        var reports = new List<ModelImportProgress>();

        await ModelImporter.ImportAsync(checkpoint, target, FixtureOptions() with { ImageSize = 768 }, new ListProgress(reports));

        AssertSameJson(Fixtures.Path_("tiny-sd2-v", "scheduler", "scheduler_config.json"), Path.Combine(target, "scheduler", "scheduler_config.json"));
        Assert.Equal("DDIMScheduler", ReadArray(Path.Combine(target, "model_index.json"), "scheduler")[1]);
        Assert.DoesNotContain(reports, r => r.Stage == "probing");
    }

    [SkippableFact]
    public async Task ImportAsync_Sd1StyleCheckpoint_ConvProjectionsAndClipLayoutGiveTheSameUNetAndText()
    {
        var source = Path.Combine(_scratch, "in");
        Directory.CreateDirectory(source);
        var checkpoint = Path.Combine(source, "sd1.safetensors");
        LdmCheckpointWriter.Sd1StyleFromFixture().WriteSafetensors(checkpoint);

        // ConfigSource: the fixture's configs (use_linear_projection true is what the fixture says; the graph follows the weights' rank).
        var target = Path.Combine(_scratch, "out", "sd1");
        await ModelImporter.ImportAsync(checkpoint, target, FixtureOptions());

        Assert.Equal("<|endoftext|>", ReadString(Path.Combine(target, "tokenizer", "special_tokens_map.json"), "pad_token"));
        Assert.Equal("PNDMScheduler", ReadArray(Path.Combine(target, "model_index.json"), "scheduler")[1]);
        var ids = NpyArray.Load(ModelIo("text_encoder.input_ids.npy"));
        AssertClose("last_hidden_state", NpyArray.Load(ModelIo("text_encoder.last_hidden_state.npy")).AsFloats(),
            Run(Path.Combine(target, "text_encoder", "model.onnx"), "input_ids", ids)["last_hidden_state"].Data);
        var sample = NpyArray.Load(ModelIo("unet.sample.npy"));
        var context = NpyArray.Load(ModelIo("unet.encoder_hidden_states.npy"));
        AssertClose("out_sample", NpyArray.Load(ModelIo("unet.t999.out_sample.npy")).AsFloats(),
            RunUNet(Path.Combine(target, "unet", "model.onnx"), sample, 999f, context).Data);
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ImportAsync_FamilyShapedCheckpointWithoutConfigSource_GivesAReadyModelWithTheFamilysConfigs(bool sd2)
    {
        var source = Path.Combine(_scratch, "in");
        Directory.CreateDirectory(source);
        var checkpoint = Path.Combine(source, "family.safetensors");
        LdmCheckpointWriter.FamilyShaped(sd2).WriteSafetensors(checkpoint);
        var target = Path.Combine(_scratch, "out", "family");

        await ModelImporter.ImportAsync(checkpoint, target, new ModelImportOptions { TokenizerSource = Fixtures.Path_("tiny-sd2-diffusers", "tokenizer") });

        var model = ModelFolderInspector.Inspect(Path.Combine(_scratch, "out"), target);
        Assert.True(model.IsReady, string.Join("; ", model.Problems.Select(p => p.ToString())));
        using var unet = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, "unet", "config.json")));
        using var text = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, "text_encoder", "config.json")));
        using var vae = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, "vae_decoder", "config.json")));
        Assert.Equal("[64,128]", JsonSerializer.Serialize(unet.RootElement.GetProperty("block_out_channels")));
        Assert.Equal(sd2 ? "[1,2]" : "8", JsonSerializer.Serialize(unet.RootElement.GetProperty("attention_head_dim")));
        Assert.Equal(sd2, unet.RootElement.GetProperty("use_linear_projection").GetBoolean());
        Assert.Equal(64, unet.RootElement.GetProperty("cross_attention_dim").GetInt32());
        Assert.Equal((64, 1, 2), (text.RootElement.GetProperty("hidden_size").GetInt32(),
            text.RootElement.GetProperty("num_attention_heads").GetInt32(), text.RootElement.GetProperty("num_hidden_layers").GetInt32()));
        Assert.Equal(sd2 ? "gelu" : "quick_gelu", text.RootElement.GetProperty("hidden_act").GetString());
        Assert.Equal("[32,64,128,128]", JsonSerializer.Serialize(vae.RootElement.GetProperty("block_out_channels")));
        Assert.Equal(
            vae.RootElement.GetProperty("sample_size").GetInt32() / 8,
            unet.RootElement.GetProperty("sample_size").GetInt32());

        // Every converted graph runs at the sizes its configs give.
        var ids = NpyArray.Load(ModelIo("text_encoder.input_ids.npy"));
        var hidden = Run(Path.Combine(target, "text_encoder", "model.onnx"), "input_ids", ids)["last_hidden_state"];
        Assert.Equal([ids.Shape[0], ids.Shape[1], 64L], hidden.Shape);
        using (var session = new InferenceSession(Path.Combine(target, "unet", "model.onnx")))
        {
            using var sample = OrtValue.CreateTensorValueFromMemory(new float[2 * 4 * 16 * 24], [2, 4, 16, 24]);
            using var timestep = OrtValue.CreateTensorValueFromMemory(new[] { 500f }, Array.Empty<long>());
            using var context = OrtValue.CreateTensorValueFromMemory(new float[2 * 77 * 64], [2, 77, 64]);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, ["sample", "timestep", "encoder_hidden_states"], [sample, timestep, context], ["out_sample"]);
            Assert.Equal([2L, 4, 16, 24], results[0].GetTensorTypeAndShape().Shape);
            Assert.All(results[0].GetTensorDataAsSpan<float>().ToArray(), v => Assert.True(float.IsFinite(v)));
        }

        var decoded = Run(Path.Combine(target, "vae_decoder", "model.onnx"), "latent_sample", NpyArray.Load(ModelIo("vae_decoder.latent_sample.npy")))["sample"];
        Assert.Equal(3, decoded.Shape[1]);
    }

    [SkippableFact]
    public async Task ImportAsync_TokenizerBesideTheCheckpoint_IsUsedWithoutTokenizerSource()
    {
        var checkpoint = WriteSd2("sd2.safetensors");
        var beside = Path.Combine(Path.GetDirectoryName(checkpoint)!, "tokenizer");
        Directory.CreateDirectory(beside);
        foreach (var file in new[] { "vocab.json", "merges.txt" })
        {
            File.Copy(Fixtures.Path_("tiny-sd2-diffusers", "tokenizer", file), Path.Combine(beside, file));
        }

        var target = Path.Combine(_scratch, "out", "beside");
        await ModelImporter.ImportAsync(checkpoint, target, FixtureOptions() with { TokenizerSource = null });

        Assert.Equal(
            await File.ReadAllBytesAsync(Fixtures.Path_("tiny-sd2-diffusers", "tokenizer", "vocab.json")),
            await File.ReadAllBytesAsync(Path.Combine(target, "tokenizer", "vocab.json")));
    }

    [SkippableFact]
    public async Task ImportAsync_CancelledMidway_LeavesNothingBehind()
    {
        var checkpoint = WriteSd2("sd2.safetensors");
        var parent = Path.Combine(_scratch, "out");
        Directory.CreateDirectory(parent);
        using var cancellation = new CancellationTokenSource();
        var progress = new ListProgress([], r =>
        {
            if (r.Component == "vae_decoder")
            {
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ModelImporter.ImportAsync(checkpoint, Path.Combine(parent, "cancelled"), FixtureOptions(), progress, cancellation.Token));

        Assert.Empty(Directory.GetFileSystemEntries(parent));
    }

    /// <summary>The fixture's tokenizer, and its component configs: its head and group counts are not SD's, so no family default fits it.</summary>
    internal static ModelImportOptions FixtureOptions() => new()
    {
        TokenizerSource = Fixtures.Path_("tiny-sd2-diffusers", "tokenizer"),
        ConfigSource = Fixtures.Path_("tiny-sd2-diffusers"),
    };

    private string WriteSd2(string fileName)
    {
        var source = Path.Combine(_scratch, "in");
        Directory.CreateDirectory(source);
        var path = Path.Combine(source, fileName);
        var writer = LdmCheckpointWriter.Sd2FromFixture();
        if (fileName.EndsWith(".ckpt", StringComparison.Ordinal))
        {
            writer.WriteCkpt(path);
        }
        else
        {
            writer.WriteSafetensors(path);
        }

        return path;
    }

    private void AssertClose(string what, IReadOnlyList<float> expected, IReadOnlyList<float> actual)
    {
        var relative = RelativeMaxDifference(expected, actual);
        _output.WriteLine($"{what}: max |diff| / max |expected| = {relative:E2}");
        Assert.True(relative <= Tolerance, $"{what}: relative max difference {relative:E2} exceeds {Tolerance:E0}.");
    }

    private static void AssertSameJson(string expectedPath, string actualPath)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(expectedPath));
        using var actual = JsonDocument.Parse(File.ReadAllText(actualPath));
        var expectedKeys = expected.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != "_name_or_path").Order(StringComparer.Ordinal);
        Assert.Equal(expectedKeys, actual.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var property in actual.RootElement.EnumerateObject())
        {
            Assert.True(JsonElement.DeepEquals(expected.RootElement.GetProperty(property.Name), property.Value),
                $"{property.Name}: expected {expected.RootElement.GetProperty(property.Name)}, got {property.Value}");
        }
    }

    private static string? ReadString(string path, string key)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty(key).GetString();
    }

    private static string?[] ReadArray(string path, string key)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty(key).EnumerateArray().Select(e => e.GetString())];
    }

    private sealed class ListProgress(List<ModelImportProgress> reports, Action<ModelImportProgress>? onReport = null) : IProgress<ModelImportProgress>
    {
        public void Report(ModelImportProgress value)
        {
            reports.Add(value);
            onReport?.Invoke(value);
        }
    }
}
