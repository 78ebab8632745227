using System.Globalization;
using System.Text.RegularExpressions;
using Engine.Tests.Support;
using Engine.Tests.Weights;
using Engine.Weights;

namespace Engine.Tests.Conversion.SingleFile;

/// <summary>
/// Builds an original-LDM single-file checkpoint from the tiny-sd2-diffusers fixture by mapping diffusers names back
/// to LDM names (the reverse of what the importer does, written independently): U-Net to model.diffusion_model.*,
/// VAE to first_stage_model.* (mid-block attention as 1x1 convs), text encoder to OpenCLIP (fused in_proj, one extra
/// last resblock that SD 2 does not use) or to SD 1's transformers layout. Writes safetensors or a torch.save zip.
/// </summary>
internal sealed partial class LdmCheckpointWriter
{
    private const int LayersPerBlock = 2;

    private readonly List<(string Name, long[] Shape, float[] Values)> _tensors = [];

    private LdmCheckpointWriter()
    {
    }

    public IReadOnlyList<string> Names => [.. _tensors.Select(t => t.Name)];

    /// <summary>The fixture as an SD 2 checkpoint (OpenCLIP text encoder, linear projections).</summary>
    public static LdmCheckpointWriter Sd2FromFixture() => FromFixture(openClip: true, convProjection: false, widen: false);

    /// <summary>The fixture as an SD 1-style checkpoint (transformers CLIP text encoder, 1x1-conv projections).</summary>
    public static LdmCheckpointWriter Sd1StyleFromFixture() => FromFixture(openClip: false, convProjection: true, widen: false);

    /// <summary>
    /// The fixture's structure with random weights, widened so the families' rules fit: U-Net channels (64, 128) with
    /// 64 channels per head at a 64-wide context, a 64-wide text encoder, VAE channels (32, 64, 128, 128) in 32 groups.
    /// </summary>
    public static LdmCheckpointWriter FamilyShaped(bool sd2) => FromFixture(openClip: sd2, convProjection: !sd2, widen: true);

    public LdmCheckpointWriter Remove(string name)
    {
        Assert.Equal(1, _tensors.RemoveAll(t => t.Name == name));
        return this;
    }

    public LdmCheckpointWriter Replace(string name, long[] shape)
    {
        var index = _tensors.FindIndex(t => t.Name == name);
        Assert.True(index >= 0, name);
        var count = shape.Aggregate(1L, (a, b) => a * b);
        _tensors[index] = (name, shape, new float[count]);
        return this;
    }

    public LdmCheckpointWriter Add(string name, long[] shape, float[] values)
    {
        _tensors.Add((name, shape, values));
        return this;
    }

    public void WriteSafetensors(string path)
    {
        var builder = new SafetensorsBuilder();
        foreach (var (name, shape, values) in _tensors)
        {
            builder.AddF32(name, shape, values);
        }

        builder.WriteTo(path);
    }

    /// <summary>A torch.save zip as A1111-era .ckpt files are: {"global_step": N, "state_dict": OrderedDict}.</summary>
    public void WriteCkpt(string path)
    {
        var pickle = new PickleWriter().Proto().EmptyDict().BinPut().Mark().Str("global_step").Int(875000).Str("state_dict").NewOrderedDict().Mark();
        for (var i = 0; i < _tensors.Count; i++)
        {
            var (name, shape, values) = _tensors[i];
            pickle.Str(name).BinPut().Tensor(new TestTensor("FloatStorage", i.ToString(CultureInfo.InvariantCulture), values.Length, 0, shape));
        }

        var bytes = pickle.SetItems().SetItems().Stop().ToArray();
        var zip = new TorchZipBuilder("archive", bytes);
        for (var i = 0; i < _tensors.Count; i++)
        {
            zip.Storage(i.ToString(CultureInfo.InvariantCulture), TestBytes.Float32(_tensors[i].Values), System.IO.Compression.CompressionLevel.Fastest);
        }

        zip.WriteTo(path);
    }

    private static LdmCheckpointWriter FromFixture(bool openClip, bool convProjection, bool widen)
    {
        var writer = new LdmCheckpointWriter();
        var random = new Random(1234);
        (long[] Shape, float[] Values) Read(WeightFile file, string name, string component)
        {
            var tensor = file.GetTensor(name);
            if (!widen)
            {
                return ([.. tensor.Shape], file.ReadFloat32(name));
            }

            var shape = Widened(component, name, tensor.Shape);
            var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (float)((random.NextDouble() - 0.5) * 0.2);
            }

            return (shape, values);
        }

        using (var unet = WeightFiles.Open(Fixtures.Path_("tiny-sd2-diffusers", "unet", "diffusion_pytorch_model.safetensors")))
        {
            foreach (var tensor in unet.Tensors)
            {
                var projection = tensor.Name.EndsWith(".proj_in.weight", StringComparison.Ordinal) || tensor.Name.EndsWith(".proj_out.weight", StringComparison.Ordinal);
                var (shape, values) = Read(unet, tensor.Name, "unet");
                writer.Add("model.diffusion_model." + UNetName(tensor.Name), convProjection && projection ? [.. shape, 1, 1] : shape, values);
            }
        }

        using (var vae = WeightFiles.Open(Fixtures.Path_("tiny-sd2-diffusers", "vae", "diffusion_pytorch_model.safetensors")))
        {
            var levels = vae.Tensors.Count(t => Regex.IsMatch(t.Name, @"^encoder\.down_blocks\.\d+\.resnets\.0\.conv1\.weight$"));
            foreach (var tensor in vae.Tensors)
            {
                var attention = tensor.Name.Contains(".attentions.0.to_", StringComparison.Ordinal) && tensor.Shape.Count == 2;
                var (shape, values) = Read(vae, tensor.Name, "vae");
                writer.Add("first_stage_model." + VaeName(tensor.Name, levels), attention ? [.. shape, 1, 1] : shape, values);
            }
        }

        using (var text = WeightFiles.Open(Fixtures.Path_("tiny-sd2-diffusers", "text_encoder", "model.safetensors")))
        {
            if (openClip)
            {
                AddOpenClip(writer, text, name => Read(text, name, "text_encoder"));
            }
            else
            {
                foreach (var tensor in text.Tensors)
                {
                    var (shape, values) = Read(text, tensor.Name, "text_encoder");
                    writer.Add("cond_stage_model.transformer." + tensor.Name, shape, values);
                }
            }
        }

        // What A1111-era checkpoints carry besides the three components: the DDPM schedule and EMA bookkeeping.
        writer.Add("alphas_cumprod", [1000], [.. Enumerable.Range(0, 1000).Select(i => 1f - (i / 1000f))]);
        writer.Add("model_ema.decay", [], [0.9999f]);
        return writer;
    }

    private static void AddOpenClip(LdmCheckpointWriter writer, WeightFile text, Func<string, (long[] Shape, float[] Values)> read)
    {
        const string p = "cond_stage_model.model.";
        var cache = new Dictionary<string, (long[] Shape, float[] Values)>();
        (long[] Shape, float[] Values) Tensor(string name) =>
            cache.TryGetValue(name, out var found) ? found : cache[name] = read("text_model." + name);
        float[] Read(string name) => Tensor(name).Values;
        long[] ShapeOf(string name) => Tensor(name).Shape;
        writer.Add(p + "token_embedding.weight", ShapeOf("embeddings.token_embedding.weight"), Read("embeddings.token_embedding.weight"));
        writer.Add(p + "positional_embedding", ShapeOf("embeddings.position_embedding.weight"), Read("embeddings.position_embedding.weight"));
        var layers = text.Tensors.Count(t => t.Name.EndsWith(".layer_norm1.weight", StringComparison.Ordinal));
        var width = ShapeOf("embeddings.token_embedding.weight")[1];

        // One more resblock than the fixture's layers: SD 2 conditions on the penultimate layer, so the converter must
        // drop it. It copies layer 0, which would change every output were it used.
        for (var i = 0; i <= layers; i++)
        {
            var source = $"encoder.layers.{(i == layers ? 0 : i)}.";
            var block = $"{p}transformer.resblocks.{i}.";
            writer.Add(block + "ln_1.weight", [width], Read(source + "layer_norm1.weight"));
            writer.Add(block + "ln_1.bias", [width], Read(source + "layer_norm1.bias"));
            writer.Add(block + "attn.in_proj_weight", [3 * width, width],
                [.. Read(source + "self_attn.q_proj.weight"), .. Read(source + "self_attn.k_proj.weight"), .. Read(source + "self_attn.v_proj.weight")]);
            writer.Add(block + "attn.in_proj_bias", [3 * width],
                [.. Read(source + "self_attn.q_proj.bias"), .. Read(source + "self_attn.k_proj.bias"), .. Read(source + "self_attn.v_proj.bias")]);
            foreach (var (from, to) in new[] { ("self_attn.out_proj", "attn.out_proj"), ("layer_norm2", "ln_2"), ("mlp.fc1", "mlp.c_fc"), ("mlp.fc2", "mlp.c_proj") })
            {
                foreach (var parameter in new[] { ".weight", ".bias" })
                {
                    writer.Add(block + to + parameter, ShapeOf(source + from + parameter), Read(source + from + parameter));
                }
            }
        }

        writer.Add(p + "ln_final.weight", [width], Read("final_layer_norm.weight"));
        writer.Add(p + "ln_final.bias", [width], Read("final_layer_norm.bias"));
        writer.Add(p + "text_projection", [width, width], new float[width * width]);
        writer.Add(p + "logit_scale", [], [4.6f]);
    }

    /// <summary>
    /// The fixture shape with its channel axes widened (U-Net and text encoder ×2, VAE ×4); kernel sizes, the image
    /// and latent channels, the vocabulary and the positions stay.
    /// </summary>
    private static long[] Widened(string component, string name, IReadOnlyList<long> shape)
    {
        var factor = component == "vae" ? 4 : 2;
        var keep = new bool[shape.Count];
        for (var axis = 2; axis < shape.Count; axis++)
        {
            keep[axis] = shape.Count == 4; // conv kernels
        }

        switch (component, name)
        {
            case ("unet", "conv_in.weight"):
            case ("vae", "encoder.conv_in.weight"):
            case ("vae", "decoder.conv_in.weight"):
            case ("text_encoder", "text_model.embeddings.token_embedding.weight"):
            case ("text_encoder", "text_model.embeddings.position_embedding.weight"):
                keep[name.Contains("embedding", StringComparison.Ordinal) ? 0 : 1] = true;
                break;
            case ("unet", "conv_out.weight"):
            case ("unet", "conv_out.bias"):
            case ("vae", "decoder.conv_out.weight"):
            case ("vae", "decoder.conv_out.bias"):
            case ("vae", "encoder.conv_out.weight"):
            case ("vae", "encoder.conv_out.bias"):
                keep[0] = true;
                break;
            case ("vae", _) when name.StartsWith("quant_conv.", StringComparison.Ordinal) || name.StartsWith("post_quant_conv.", StringComparison.Ordinal):
                Array.Fill(keep, true);
                break;
        }

        return [.. shape.Select((d, axis) => keep[axis] ? d : d * factor)];
    }

    private static string UNetName(string name)
    {
        var fixedNames = new Dictionary<string, string>
        {
            ["time_embedding.linear_1."] = "time_embed.0.",
            ["time_embedding.linear_2."] = "time_embed.2.",
            ["conv_in."] = "input_blocks.0.0.",
            ["conv_norm_out."] = "out.0.",
            ["conv_out."] = "out.2.",
            ["mid_block.resnets.0."] = "middle_block.0.",
            ["mid_block.attentions.0."] = "middle_block.1.",
            ["mid_block.resnets.1."] = "middle_block.2.",
        };
        foreach (var (from, to) in fixedNames)
        {
            if (name.StartsWith(from, StringComparison.Ordinal))
            {
                return to + ResnetPart(name[from.Length..]);
            }
        }

        var match = DownOrUpBlock().Match(name);
        Assert.True(match.Success, name);
        var level = int.Parse(match.Groups["level"].Value, CultureInfo.InvariantCulture);
        var index = int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture);
        var rest = match.Groups["rest"].Value;
        var kind = match.Groups["kind"].Value;
        if (match.Groups["direction"].Value == "down")
        {
            return kind switch
            {
                "resnets" => $"input_blocks.{1 + (level * (LayersPerBlock + 1)) + index}.0.{ResnetPart(rest)}",
                "attentions" => $"input_blocks.{1 + (level * (LayersPerBlock + 1)) + index}.1.{rest}",
                _ => $"input_blocks.{(level + 1) * (LayersPerBlock + 1)}.0.{rest.Replace("conv.", "op.", StringComparison.Ordinal)}",
            };
        }

        var last = (level * (LayersPerBlock + 1)) + LayersPerBlock;
        return kind switch
        {
            "resnets" => $"output_blocks.{(level * (LayersPerBlock + 1)) + index}.0.{ResnetPart(rest)}",
            "attentions" => $"output_blocks.{(level * (LayersPerBlock + 1)) + index}.1.{rest}",

            // The tiny U-Net's only upsampler is in a level without attention: module 1 of the level's last block.
            _ => $"output_blocks.{last}.1.{rest}",
        };
    }

    private static string ResnetPart(string rest)
    {
        foreach (var (from, to) in new[]
        {
            ("norm1.", "in_layers.0."), ("conv1.", "in_layers.2."), ("time_emb_proj.", "emb_layers.1."),
            ("norm2.", "out_layers.0."), ("conv2.", "out_layers.3."), ("conv_shortcut.", "skip_connection."),
        })
        {
            if (rest.StartsWith(from, StringComparison.Ordinal))
            {
                return to + rest[from.Length..];
            }
        }

        return rest;
    }

    private static string VaeName(string name, int levels)
    {
        var renamed = name
            .Replace("mid_block.resnets.0.", "mid.block_1.", StringComparison.Ordinal)
            .Replace("mid_block.attentions.0.", "mid.attn_1.", StringComparison.Ordinal)
            .Replace("mid_block.resnets.1.", "mid.block_2.", StringComparison.Ordinal)
            .Replace("conv_norm_out.", "norm_out.", StringComparison.Ordinal)
            .Replace("conv_shortcut.", "nin_shortcut.", StringComparison.Ordinal)
            .Replace("group_norm.", "norm.", StringComparison.Ordinal)
            .Replace("to_q.", "q.", StringComparison.Ordinal)
            .Replace("to_k.", "k.", StringComparison.Ordinal)
            .Replace("to_v.", "v.", StringComparison.Ordinal)
            .Replace("to_out.0.", "proj_out.", StringComparison.Ordinal)
            .Replace("downsamplers.0.", "downsample.", StringComparison.Ordinal)
            .Replace("upsamplers.0.", "upsample.", StringComparison.Ordinal)
            .Replace(".resnets.", ".block.", StringComparison.Ordinal);
        renamed = Regex.Replace(renamed, @"^encoder\.down_blocks\.(\d+)\.", m => $"encoder.down.{m.Groups[1].Value}.");
        return Regex.Replace(renamed, @"^decoder\.up_blocks\.(\d+)\.",
            m => $"decoder.up.{levels - 1 - int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)}.");
    }

    [GeneratedRegex(@"^(?<direction>down|up)_blocks\.(?<level>\d+)\.(?<kind>resnets|attentions|downsamplers|upsamplers)\.(?<index>\d+)\.(?<rest>.+)$")]
    private static partial Regex DownOrUpBlock();
}
