using System.Text.Json;
using Engine.Conversion;
using Engine.Tests.Support;
using Engine.Tests.Weights;
using Engine.Weights;
using static Engine.Tests.Conversion.ConversionFixture;

namespace Engine.Tests.Conversion;

/// <summary>Whole-pipeline import of a diffusers folder: layout, progress, and nothing left behind on failure.</summary>
public sealed class ModelImporterTests : IDisposable
{
    private readonly string _scratch = NewScratch();

    public void Dispose() => DeleteScratch(_scratch);

    [SkippableFact]
    public async Task ImportAsync_DiffusersFolder_WritesOptimumLayoutWithTokenizerSchedulerAndIndex()
    {
        var target = Path.Combine(_scratch, "converted");
        var reports = new List<ModelImportProgress>();

        await ModelImporter.ImportAsync(Fixtures.Path_("tiny-sd2-diffusers"), target, progress: new ListProgress(reports));

        foreach (var component in new[] { "text_encoder", "unet", "vae_decoder", "vae_encoder" })
        {
            Assert.True(File.Exists(Path.Combine(target, component, "model.onnx")), component);
            Assert.True(File.Exists(Path.Combine(target, component, "config.json")), component);
        }

        foreach (var file in new[] { "model_index.json", "tokenizer/vocab.json", "tokenizer/merges.txt", "scheduler/scheduler_config.json" })
        {
            Assert.Equal(
                await File.ReadAllBytesAsync(Fixtures.Path_("tiny-sd2-diffusers", file)),
                await File.ReadAllBytesAsync(Path.Combine(target, file)));
        }

        Assert.Equal(new[] { "converted" }, Directory.GetFileSystemEntries(_scratch).Select(Path.GetFileName));
        Assert.NotEmpty(reports);
        Assert.All(reports.Zip(reports.Skip(1)), pair => Assert.True(pair.Second.Fraction >= pair.First.Fraction - 1e-12));
        Assert.Equal(1.0, reports[^1].Fraction, 9);
        Assert.Contains(reports, r => r.Component == "unet" && r.Stage == "weights");
    }

    [SkippableFact]
    public async Task ImportAsync_CancelledMidway_LeavesNothingBehind()
    {
        Fixtures.Require();
        var target = Path.Combine(_scratch, "cancelled");
        using var cancellation = new CancellationTokenSource();
        var progress = new ListProgress([], r =>
        {
            if (r.Component == "unet")
            {
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ModelImporter.ImportAsync(Fixtures.Path_("tiny-sd2-diffusers"), target, progress: progress, cancellationToken: cancellation.Token));

        Assert.Empty(Directory.GetFileSystemEntries(_scratch));
    }

    [SkippableFact]
    public async Task ImportAsync_FolderWithoutUNet_SaysWhatIsMissingAndWritesNothing()
    {
        var source = CopyDiffusers(Path.Combine(_scratch, "source"), "text_encoder", "vae", "tokenizer", "scheduler", "model_index.json");

        var error = await Assert.ThrowsAsync<ModelConversionException>(() =>
            ModelImporter.ImportAsync(source, Path.Combine(_scratch, "out")));

        Assert.Contains("unet/config.json", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_scratch, "out")));
    }

    [SkippableFact]
    public async Task ImportAsync_VariantWeightFiles_AreConvertedLikePlainOnes()
    {
        var source = CopyDiffusers(Path.Combine(_scratch, "source"));
        File.Move(Path.Combine(source, "unet", "diffusion_pytorch_model.safetensors"), Path.Combine(source, "unet", "diffusion_pytorch_model.fp16.safetensors"));
        File.Move(Path.Combine(source, "text_encoder", "model.safetensors"), Path.Combine(source, "text_encoder", "model.fp16.safetensors"));
        var target = Path.Combine(_scratch, "variant");

        await ModelImporter.ImportAsync(source, target);

        var plain = Path.Combine(_scratch, "plain");
        await ModelImporter.ImportAsync(Fixtures.Path_("tiny-sd2-diffusers"), plain);
        foreach (var component in new[] { "unet", "text_encoder" })
        {
            Assert.Equal(
                await File.ReadAllBytesAsync(Path.Combine(plain, component, "model.onnx")),
                await File.ReadAllBytesAsync(Path.Combine(target, component, "model.onnx")));
        }
    }

    [SkippableFact]
    public async Task ImportAsync_ShardedVariant_IsReadThroughItsIndex()
    {
        var source = CopyDiffusers(Path.Combine(_scratch, "source"));
        var unet = Path.Combine(source, "unet");
        var plainWeights = Path.Combine(unet, "diffusion_pytorch_model.safetensors");
        var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var weights = WeightFiles.Open(plainWeights))
        {
            var shards = new[] { new SafetensorsBuilder(), new SafetensorsBuilder() };
            var names = new[] { "diffusion_pytorch_model.fp16-00001-of-00002.safetensors", "diffusion_pytorch_model.fp16-00002-of-00002.safetensors" };
            for (var i = 0; i < weights.Tensors.Count; i++)
            {
                var tensor = weights.Tensors[i];
                shards[i % 2].AddF32(tensor.Name, [.. tensor.Shape], weights.ReadFloat32(tensor.Name));
                weightMap[tensor.Name] = names[i % 2];
            }

            shards[0].WriteTo(Path.Combine(unet, names[0]));
            shards[1].WriteTo(Path.Combine(unet, names[1]));
        }

        File.Delete(plainWeights);
        await File.WriteAllTextAsync(
            Path.Combine(unet, "diffusion_pytorch_model.safetensors.index.fp16.json"),
            JsonSerializer.Serialize(new { metadata = new { total_size = 0 }, weight_map = weightMap }));

        await ModelImporter.ImportAsync(source, Path.Combine(_scratch, "sharded"));

        var plain = Path.Combine(_scratch, "plain");
        await ModelImporter.ImportAsync(Fixtures.Path_("tiny-sd2-diffusers"), plain);
        Assert.Equal(
            await File.ReadAllBytesAsync(Path.Combine(plain, "unet", "model.onnx")),
            await File.ReadAllBytesAsync(Path.Combine(_scratch, "sharded", "unet", "model.onnx")));
    }

    [SkippableFact]
    public async Task ImportAsync_TwoVariantsAndNoPlainWeights_AsksWhichToKeep()
    {
        var source = CopyDiffusers(Path.Combine(_scratch, "source"));
        var unet = Path.Combine(source, "unet");
        File.Copy(Path.Combine(unet, "diffusion_pytorch_model.safetensors"), Path.Combine(unet, "diffusion_pytorch_model.ema.safetensors"));
        File.Move(Path.Combine(unet, "diffusion_pytorch_model.safetensors"), Path.Combine(unet, "diffusion_pytorch_model.fp16.safetensors"));

        var error = await Assert.ThrowsAsync<ModelConversionException>(() => ModelImporter.ImportAsync(source, Path.Combine(_scratch, "out")));

        Assert.Contains("several variants (ema, fp16)", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_scratch, "out")));
    }

    [SkippableFact]
    public async Task ImportAsync_TargetExists_RefusesWithoutTouchingIt()
    {
        Fixtures.Require();
        var target = Path.Combine(_scratch, "existing");
        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, "keep.txt"), "mine");

        await Assert.ThrowsAsync<IOException>(() => ModelImporter.ImportAsync(Fixtures.Path_("tiny-sd2-diffusers"), target));

        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(target, "keep.txt")));
        Assert.Single(Directory.GetFileSystemEntries(_scratch));
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
