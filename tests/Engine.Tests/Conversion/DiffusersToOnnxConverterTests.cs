using Engine.Conversion;
using Engine.Models;
using Engine.Tests.Weights;
using Engine.Weights;
using Engine.Tests.Support;
using Xunit.Abstractions;
using static Engine.Tests.Conversion.ConversionFixture;

namespace Engine.Tests.Conversion;

public sealed class DiffusersToOnnxConverterTests : IDisposable
{
    private const double Tolerance = 1e-4;
    private readonly ITestOutputHelper _output;
    private readonly string _scratch = NewScratch();

    public DiffusersToOnnxConverterTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => DeleteScratch(_scratch);

    [SkippableFact]
    public void ConvertTextEncoder_TinySd2_MatchesReferenceAndExportedModel()
    {
        var target = Path.Combine(_scratch, "text_encoder");
        DiffusersToOnnxConverter.ConvertTextEncoder(Diffusers("text_encoder"), target);

        Assert.True(File.Exists(Path.Combine(target, "config.json")));
        var ids = NpyArray.Load(ModelIo("text_encoder.input_ids.npy"));
        var converted = Run(Path.Combine(target, "model.onnx"), "input_ids", ids);
        var exported = Run(Exported("text_encoder"), "input_ids", ids);
        foreach (var name in new[] { "last_hidden_state", "pooler_output" })
        {
            var reference = NpyArray.Load(ModelIo($"text_encoder.{name}.npy"));
            Assert.Equal(reference.Shape.Select(d => (long)d), converted[name].Shape);
            AssertClose(name + " vs reference", reference.AsFloats(), converted[name].Data);
            AssertClose(name + " vs exported", exported[name].Data, converted[name].Data);
        }
    }

    [SkippableTheory]
    [InlineData("vae_decoder.latent_sample.npy", "vae_decoder.sample.npy")]
    [InlineData("vae_decoder.latent_sample_24x40.npy", "vae_decoder.sample_24x40.npy")]
    public void ConvertVaeDecoder_TinySd2_MatchesReferenceAndExportedModel(string inputFile, string expectedFile)
    {
        var target = Path.Combine(_scratch, "vae_decoder");
        DiffusersToOnnxConverter.ConvertVaeDecoder(Diffusers("vae"), target);

        var latents = NpyArray.Load(ModelIo(inputFile));
        var converted = Run(Path.Combine(target, "model.onnx"), "latent_sample", latents)["sample"];
        var exported = Run(Exported("vae_decoder"), "latent_sample", latents)["sample"];
        var reference = NpyArray.Load(ModelIo(expectedFile));
        Assert.Equal(reference.Shape.Select(d => (long)d), converted.Shape);
        AssertClose("sample vs reference", reference.AsFloats(), converted.Data);
        AssertClose("sample vs exported", exported.Data, converted.Data);
    }

    [SkippableFact]
    public void ConvertVaeEncoder_TinySd2_MatchesReferenceAndExportedModel()
    {
        var target = Path.Combine(_scratch, "vae_encoder");
        DiffusersToOnnxConverter.ConvertVaeEncoder(Diffusers("vae"), target);

        var image = NpyArray.Load(ModelIo("vae_encoder.sample.npy"));
        var converted = Run(Path.Combine(target, "model.onnx"), "sample", image)["latent_parameters"];
        var exported = Run(Exported("vae_encoder"), "sample", image)["latent_parameters"];
        var reference = NpyArray.Load(ModelIo("vae_encoder.latent_parameters.npy"));
        Assert.Equal(reference.Shape.Select(d => (long)d), converted.Shape);
        AssertClose("latent_parameters vs reference", reference.AsFloats(), converted.Data);
        AssertClose("latent_parameters vs exported", exported.Data, converted.Data);
    }

    [SkippableTheory]
    [InlineData("unet.sample.npy", 999f, "unet.t999.out_sample.npy")]
    [InlineData("unet.sample.npy", 500.5f, "unet.t500_5.out_sample.npy")]
    [InlineData("unet.sample.npy", 1f, "unet.t1.out_sample.npy")]
    [InlineData("unet.sample_24x40.npy", 999f, "unet.t999.out_sample_24x40.npy")]
    public void ConvertUNet_TinySd2_MatchesReferenceAndExportedModel(string sampleFile, float timestep, string expectedFile)
    {
        var target = Path.Combine(_scratch, "unet");
        DiffusersToOnnxConverter.ConvertUNet(Diffusers("unet"), target);

        Assert.True(File.Exists(Path.Combine(target, "config.json")));
        var sample = NpyArray.Load(ModelIo(sampleFile));
        var context = NpyArray.Load(ModelIo("unet.encoder_hidden_states.npy"));
        var converted = RunUNet(Path.Combine(target, "model.onnx"), sample, timestep, context);
        var exported = RunUNet(Exported("unet"), sample, timestep, context);
        var reference = NpyArray.Load(ModelIo(expectedFile));
        Assert.Equal(reference.Shape.Select(d => (long)d), converted.Shape);
        AssertClose("out_sample vs reference", reference.AsFloats(), converted.Data);
        AssertClose("out_sample vs exported", exported.Data, converted.Data);
    }

    [SkippableFact]
    public void ConvertedComponents_AreAReadyModelForTheLoader()
    {
        // Every ONNX component is converted; the tokenizer and scheduler come from the exported folder.
        var root = Path.Combine(_scratch, "models");
        var folder = Path.Combine(root, "converted");
        var exported = Path.GetDirectoryName(Path.GetDirectoryName(Exported("unet")))!;
        CopyEntries(exported, folder, ["model_index.json", "scheduler", "tokenizer"]);
        DiffusersToOnnxConverter.ConvertTextEncoder(Diffusers("text_encoder"), Path.Combine(folder, "text_encoder"));
        DiffusersToOnnxConverter.ConvertUNet(Diffusers("unet"), Path.Combine(folder, "unet"));
        DiffusersToOnnxConverter.ConvertVaeDecoder(Diffusers("vae"), Path.Combine(folder, "vae_decoder"));
        DiffusersToOnnxConverter.ConvertVaeEncoder(Diffusers("vae"), Path.Combine(folder, "vae_encoder"));

        var model = ModelFolderInspector.Inspect(root, folder);

        Assert.True(model.IsReady, string.Join("; ", model.Problems.Select(p => p.ToString())));
        Assert.True(model.SupportsImg2Img);
        Assert.Equal(32, model.TextEncoder!.HiddenSize);
    }

    [SkippableFact]
    public void ConvertUNet_ConvProjection_GivesTheSameOutputs()
    {
        // SD1 U-Nets (use_linear_projection false) keep the transformers' proj_in / proj_out as 1x1 convs.
        var source = Path.Combine(_scratch, "conv_projection");
        Directory.CreateDirectory(source);
        var config = File.ReadAllText(Path.Combine(Diffusers("unet"), "config.json"));
        File.WriteAllText(Path.Combine(source, "config.json"),
            config.Replace("\"use_linear_projection\": true", "\"use_linear_projection\": false", StringComparison.Ordinal));
        var builder = new SafetensorsBuilder();
        var reshaped = 0;
        using (var weights = WeightFiles.Open(Path.Combine(Diffusers("unet"), "diffusion_pytorch_model.safetensors")))
        {
            foreach (var tensor in weights.Tensors)
            {
                var projection = tensor.Name.EndsWith(".proj_in.weight", StringComparison.Ordinal)
                    || tensor.Name.EndsWith(".proj_out.weight", StringComparison.Ordinal);
                reshaped += projection ? 1 : 0;
                builder.AddF32(tensor.Name, projection ? [.. tensor.Shape, 1, 1] : [.. tensor.Shape], weights.ReadFloat32(tensor.Name));
            }
        }

        builder.WriteTo(Path.Combine(source, "diffusion_pytorch_model.safetensors"));
        Assert.Equal(12, reshaped); // proj_in and proj_out of 6 transformers: 2 down, 1 mid, 3 up
        DiffusersToOnnxConverter.ConvertUNet(source, Path.Combine(_scratch, "conv_unet"));

        var sample = NpyArray.Load(ModelIo("unet.sample.npy"));
        var context = NpyArray.Load(ModelIo("unet.encoder_hidden_states.npy"));
        var converted = RunUNet(Path.Combine(_scratch, "conv_unet", "model.onnx"), sample, 500.5f, context);
        AssertClose("conv projection vs reference", NpyArray.Load(ModelIo("unet.t500_5.out_sample.npy")).AsFloats(), converted.Data);
    }

    [SkippableFact]
    public void ConvertTextEncoder_UnknownActivation_FailsNamingIt()
    {
        var source = Path.Combine(_scratch, "source");
        Directory.CreateDirectory(source);
        File.Copy(Path.Combine(Diffusers("text_encoder"), "model.safetensors"), Path.Combine(source, "model.safetensors"));
        var config = File.ReadAllText(Path.Combine(Diffusers("text_encoder"), "config.json"));
        File.WriteAllText(Path.Combine(source, "config.json"), config.Replace("\"gelu\"", "\"relu6\"", StringComparison.Ordinal));

        var error = Assert.Throws<ModelConversionException>(() =>
            DiffusersToOnnxConverter.ConvertTextEncoder(source, Path.Combine(_scratch, "out", "text_encoder")));

        Assert.Contains("relu6", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_scratch, "out", "text_encoder")));
    }

    [SkippableFact]
    public void ConvertTextEncoder_WithExternalData_GivesTheSameOutputs()
    {
        // Large models keep their weights in model.onnx_data; force that path on the tiny model.
        var inline = Path.Combine(_scratch, "inline");
        var external = Path.Combine(_scratch, "external");
        DiffusersToOnnxConverter.ConvertTextEncoder(Diffusers("text_encoder"), inline);
        DiffusersToOnnxConverter.ConvertTextEncoder(
            Diffusers("text_encoder"), external, ModelPrecision.Float32, externalDataThresholdBytes: 0, null, CancellationToken.None);

        var data = new FileInfo(Path.Combine(external, "model.onnx_data"));
        Assert.True(data.Exists);
        Assert.True(data.Length > 49408L * 32 * 4, "The token embedding table should be in the data file.");
        Assert.True(new FileInfo(Path.Combine(external, "model.onnx")).Length < 1 << 20);
        Assert.False(File.Exists(Path.Combine(inline, "model.onnx_data")));
        var ids = NpyArray.Load(ModelIo("text_encoder.input_ids.npy"));
        Assert.Equal(
            Run(Path.Combine(inline, "model.onnx"), "input_ids", ids)["last_hidden_state"].Data,
            Run(Path.Combine(external, "model.onnx"), "input_ids", ids)["last_hidden_state"].Data);
    }

    [SkippableFact]
    public void ConvertVaeDecoder_PreDiffusers014AttentionNames_GiveTheSameModel()
    {
        // Older diffusers saved the VAE attention as query / key / value / proj_attn.
        var source = Path.Combine(_scratch, "legacy");
        Directory.CreateDirectory(source);
        File.Copy(Path.Combine(Diffusers("vae"), "config.json"), Path.Combine(source, "config.json"));
        var builder = new SafetensorsBuilder();
        var renamed = 0;
        using (var weights = WeightFiles.Open(Path.Combine(Diffusers("vae"), "diffusion_pytorch_model.safetensors")))
        {
            foreach (var tensor in weights.Tensors)
            {
                var name = tensor.Name.Replace(".to_q.", ".query.", StringComparison.Ordinal)
                    .Replace(".to_k.", ".key.", StringComparison.Ordinal)
                    .Replace(".to_v.", ".value.", StringComparison.Ordinal)
                    .Replace(".to_out.0.", ".proj_attn.", StringComparison.Ordinal);
                renamed += name == tensor.Name ? 0 : 1;
                builder.AddF32(name, [.. tensor.Shape], weights.ReadFloat32(tensor.Name));
            }
        }

        builder.WriteTo(Path.Combine(source, "diffusion_pytorch_model.safetensors"));
        Assert.Equal(16, renamed); // weight and bias of 4 projections, in the encoder's and the decoder's mid block
        DiffusersToOnnxConverter.ConvertVaeDecoder(source, Path.Combine(_scratch, "legacy_decoder"));
        DiffusersToOnnxConverter.ConvertVaeDecoder(Diffusers("vae"), Path.Combine(_scratch, "decoder"));

        var latents = NpyArray.Load(ModelIo("vae_decoder.latent_sample.npy"));
        Assert.Equal(
            Run(Path.Combine(_scratch, "decoder", "model.onnx"), "latent_sample", latents)["sample"].Data,
            Run(Path.Combine(_scratch, "legacy_decoder", "model.onnx"), "latent_sample", latents)["sample"].Data);
    }

    [SkippableFact]
    public void ConvertTextEncoder_ReportsProgressUpToEveryTensor()
    {
        var reports = new List<ConversionProgress>();
        DiffusersToOnnxConverter.ConvertTextEncoder(Diffusers("text_encoder"), Path.Combine(_scratch, "te"), new SyncProgress(reports.Add));

        var weights = reports.Where(r => r.Stage == "weights").ToList();
        Assert.NotEmpty(weights);
        Assert.All(weights, r => Assert.Equal(weights[0].TotalTensors, r.TotalTensors));
        Assert.Equal(weights[0].TotalTensors, weights[^1].CompletedTensors);
        Assert.Equal("writing", reports[^1].Stage);
    }

    [SkippableFact]
    public void Convert_CancelledMidway_LeavesNothingBehind()
    {
        using var cancellation = new CancellationTokenSource();
        var parent = Path.Combine(_scratch, "out");
        Directory.CreateDirectory(parent);
        var progress = new SyncProgress(r =>
        {
            if (r.CompletedTensors >= 10)
            {
                cancellation.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            DiffusersToOnnxConverter.ConvertVaeDecoder(Diffusers("vae"), Path.Combine(parent, "vae_decoder"), progress, cancellation.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(parent));
    }

    [SkippableFact]
    public void Convert_MissingTensor_FailsNamingItAndLeavesNothingBehind()
    {
        // A VAE config claiming more levels than the weights have: the graph asks for a tensor that is not there.
        var source = Path.Combine(_scratch, "source");
        Directory.CreateDirectory(source);
        File.Copy(Path.Combine(Diffusers("vae"), "diffusion_pytorch_model.safetensors"), Path.Combine(source, "diffusion_pytorch_model.safetensors"));
        var config = File.ReadAllText(Path.Combine(Diffusers("vae"), "config.json"));
        File.WriteAllText(Path.Combine(source, "config.json"), config.Replace("\"layers_per_block\": 1", "\"layers_per_block\": 3", StringComparison.Ordinal));
        var parent = Path.Combine(_scratch, "out");

        var error = Assert.Throws<ModelConversionException>(() =>
            DiffusersToOnnxConverter.ConvertVaeDecoder(source, Path.Combine(parent, "vae_decoder")));

        Assert.Contains("decoder.up_blocks.0.resnets.2", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(parent));
    }

    [Fact]
    public void Convert_NoWeightFile_FailsWithoutCreatingTheTarget()
    {
        var source = Path.Combine(_scratch, "empty");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "config.json"), "{}");
        var target = Path.Combine(_scratch, "out", "text_encoder");

        var error = Assert.Throws<ModelConversionException>(() => DiffusersToOnnxConverter.ConvertTextEncoder(source, target));

        Assert.Contains("no weight file", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_scratch, "out")));
    }

    [Fact]
    public void Convert_ExistingTarget_IsNeverOverwritten()
    {
        var target = Path.Combine(_scratch, "existing");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "keep.txt"), "mine");

        Assert.Throws<IOException>(() => DiffusersToOnnxConverter.ConvertTextEncoder(_scratch, target));

        Assert.Equal("mine", File.ReadAllText(Path.Combine(target, "keep.txt")));
    }

    private void AssertClose(string what, IReadOnlyList<float> expected, IReadOnlyList<float> actual)
    {
        var relative = RelativeMaxDifference(expected, actual);
        _output.WriteLine($"{what}: max |diff| / max |expected| = {relative:E2}");
        Assert.True(relative <= Tolerance, $"{what}: relative max difference {relative:E2} exceeds {Tolerance:E0}.");
    }

    /// <summary>Reports synchronously on the converting thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<ConversionProgress> report) : IProgress<ConversionProgress>
    {
        public void Report(ConversionProgress value) => report(value);
    }
}
