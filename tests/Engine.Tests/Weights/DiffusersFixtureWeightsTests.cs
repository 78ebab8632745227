using System.Text.Json;
using Engine.Tests.Support;
using Engine.Weights;

namespace Engine.Tests.Weights;

/// <summary>
/// Reads every weight file of the tiny SD2 diffusers fixture (../shared/fixtures/tiny-sd2-diffusers: unet, vae and
/// text_encoder, each one F32 safetensors file) and checks shapes against the component configs and that values are finite.
/// </summary>
public sealed class DiffusersFixtureWeightsTests
{
    private static string Component(string name) => Fixtures.Path_("tiny-sd2-diffusers", name);

    private static JsonElement Config(string component)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Component(component), "config.json")));
        return document.RootElement.Clone();
    }

    private static long[] Ints(JsonElement config, string key) => [.. config.GetProperty(key).EnumerateArray().Select(e => e.GetInt64())];

    private static void AssertEveryTensorReadsFinite(SafetensorsFile file)
    {
        Assert.NotEmpty(file.Tensors);
        long bytes = 0;
        foreach (var tensor in file.Tensors)
        {
            Assert.Equal(WeightDataType.Float32, tensor.DataType);
            var values = file.ReadFloat32(tensor.Name);
            Assert.Equal(tensor.ElementCount, values.Length);
            Assert.All(values, v => Assert.True(float.IsFinite(v), $"{tensor.Name} holds {v}"));
            bytes += tensor.ByteLength;
        }

        Assert.Equal(new FileInfo(file.FilePath).Length - file.DataStart, bytes);
    }

    [SkippableFact]
    public void UNet_EveryTensorReads_ShapesMatchConfig()
    {
        var config = Config("unet");
        using var file = SafetensorsFile.Open(Path.Combine(Component("unet"), "diffusion_pytorch_model.safetensors"));
        AssertEveryTensorReadsFinite(file);

        var channels = Ints(config, "block_out_channels");
        var inChannels = config.GetProperty("in_channels").GetInt64();
        var outChannels = config.GetProperty("out_channels").GetInt64();
        var kernelIn = config.GetProperty("conv_in_kernel").GetInt64();
        var kernelOut = config.GetProperty("conv_out_kernel").GetInt64();
        var crossAttention = config.GetProperty("cross_attention_dim").GetInt64();
        Assert.Equal([channels[0], inChannels, kernelIn, kernelIn], file.GetTensor("conv_in.weight").Shape);
        Assert.Equal([outChannels, channels[0], kernelOut, kernelOut], file.GetTensor("conv_out.weight").Shape);
        Assert.Equal([channels[0] * 4, channels[0]], file.GetTensor("time_embedding.linear_1.weight").Shape);
        Assert.Equal([channels[0], crossAttention], file.GetTensor("down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight").Shape);

        // use_linear_projection: proj_in is a Linear ([C, C]), not a 1x1 conv.
        Assert.Equal(config.GetProperty("use_linear_projection").GetBoolean() ? [channels[0], channels[0]] : [channels[0], channels[0], 1, 1],
            file.GetTensor("down_blocks.0.attentions.0.proj_in.weight").Shape);
        var layers = config.GetProperty("layers_per_block").GetInt32();
        Assert.True(file.Contains($"down_blocks.0.resnets.{layers - 1}.conv1.weight"));
        Assert.False(file.Contains($"down_blocks.0.resnets.{layers}.conv1.weight"));
        Assert.Equal([channels[^1], channels[^1], 3, 3], file.GetTensor("mid_block.resnets.0.conv1.weight").Shape);
    }

    [SkippableFact]
    public void Vae_EveryTensorReads_ShapesMatchConfig()
    {
        var config = Config("vae");
        using var file = SafetensorsFile.Open(Path.Combine(Component("vae"), "diffusion_pytorch_model.safetensors"));
        AssertEveryTensorReadsFinite(file);

        var channels = Ints(config, "block_out_channels");
        var latent = config.GetProperty("latent_channels").GetInt64();
        Assert.Equal([channels[0], config.GetProperty("in_channels").GetInt64(), 3, 3], file.GetTensor("encoder.conv_in.weight").Shape);
        Assert.Equal([2 * latent, channels[^1], 3, 3], file.GetTensor("encoder.conv_out.weight").Shape);
        Assert.Equal([2 * latent, 2 * latent, 1, 1], file.GetTensor("quant_conv.weight").Shape);
        Assert.Equal([latent, latent, 1, 1], file.GetTensor("post_quant_conv.weight").Shape);
        Assert.Equal([channels[^1], latent, 3, 3], file.GetTensor("decoder.conv_in.weight").Shape);
        Assert.Equal([config.GetProperty("out_channels").GetInt64(), channels[0], 3, 3], file.GetTensor("decoder.conv_out.weight").Shape);
    }

    [SkippableFact]
    public void TextEncoder_EveryTensorReads_ShapesMatchConfig()
    {
        var config = Config("text_encoder");
        using var file = SafetensorsFile.Open(Path.Combine(Component("text_encoder"), "model.safetensors"));
        AssertEveryTensorReadsFinite(file);

        var hidden = config.GetProperty("hidden_size").GetInt64();
        var layers = config.GetProperty("num_hidden_layers").GetInt32();
        Assert.Equal([config.GetProperty("vocab_size").GetInt64(), hidden], file.GetTensor("text_model.embeddings.token_embedding.weight").Shape);
        Assert.Equal([config.GetProperty("max_position_embeddings").GetInt64(), hidden], file.GetTensor("text_model.embeddings.position_embedding.weight").Shape);
        Assert.Equal([config.GetProperty("intermediate_size").GetInt64(), hidden], file.GetTensor($"text_model.encoder.layers.{layers - 1}.mlp.fc1.weight").Shape);
        Assert.False(file.Contains($"text_model.encoder.layers.{layers}.mlp.fc1.weight"));
        Assert.Equal([hidden], file.GetTensor("text_model.final_layer_norm.weight").Shape);
    }

    [SkippableFact]
    public void UNet_ResavedAsTorchArchive_ReadsTheSameValues()
    {
        // The fixture's real tensors written through our test pickle writer into a torch.save-style .bin (half the
        // storages deflated), then read back through the restricted unpickler: same names, shapes and values.
        using var source = SafetensorsFile.Open(Path.Combine(Component("unet"), "diffusion_pytorch_model.safetensors"));
        var tensors = source.Tensors.Select((t, i) => (t.Name, new TestTensor("FloatStorage", i.ToString(System.Globalization.CultureInfo.InvariantCulture), t.ElementCount, 0, [.. t.Shape]))).ToList();
        var builder = new TorchZipBuilder("archive", PickleWriter.StateDict(tensors));
        for (var i = 0; i < tensors.Count; i++)
        {
            using var raw = new MemoryStream();
            source.CopyRawTo(tensors[i].Name, raw);
            builder.Storage(tensors[i].Item2.Key, raw.ToArray(), i % 2 == 0 ? System.IO.Compression.CompressionLevel.NoCompression : System.IO.Compression.CompressionLevel.Fastest);
        }

        using var folder = new WeightTestFolder();
        var path = folder.File_("diffusion_pytorch_model.bin");
        builder.WriteTo(path);
        using var resaved = WeightFiles.Open(path);
        Assert.Equal(source.Tensors.Select(t => t.ToString()), resaved.Tensors.Select(t => t.ToString()));
        foreach (var tensor in source.Tensors)
        {
            Assert.Equal(source.ReadFloat32(tensor.Name), resaved.ReadFloat32(tensor.Name));
        }
    }
}
