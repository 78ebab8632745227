using Engine.Models;
using Engine.Onnx;
using Engine.Onnx.Writing;
using Engine.Weights;

namespace Engine.Conversion;

/// <summary>
/// Builds diffusers' <c>UNet2DConditionModel</c> in the SD 1.x / 2.x layout with optimum's signature:
/// <c>sample</c> [batch_size, in_channels, height, width], <c>timestep</c> float32 scalar (shape []) and
/// <c>encoder_hidden_states</c> [batch_size, sequence_length, cross_attention_dim] → <c>out_sample</c>
/// [batch_size, out_channels, height, width].
/// </summary>
/// <remarks>
/// Order: sinusoidal time projection (cos half first, as flip_sin_to_cos, with freq_shift), time_embedding (linear_1,
/// SiLU, linear_2), conv_in, the down blocks (CrossAttnDownBlock2D / DownBlock2D: resnets with the time-embedding
/// projection, each followed by a Transformer2DModel in the cross-attention blocks, a stride-2 conv except in the last
/// block; every resnet/attention output and downsampler output is kept as a skip), the mid block (resnet, transformer,
/// resnet), the up blocks (UpBlock2D / CrossAttnUpBlock2D: layers_per_block + 1 resnets on the channel concatenation
/// with the most recent skip, nearest 2x upsampling and a 3x3 conv except in the last), conv_norm_out, SiLU, conv_out.
/// As in diffusers, <c>attention_head_dim</c> (or <c>num_attention_heads</c> where set) is the number of heads per
/// block; the mid block uses the last entry and the up blocks the reversed list. Resnet and output group norms use
/// <c>norm_eps</c>; the transformer's input group norm uses 1e-6 and its layer norms 1e-5.
/// In float16 (<see cref="ModelPrecision.Float16"/>) <c>sample</c>, <c>encoder_hidden_states</c> and <c>out_sample</c>
/// are float16, as in optimum's fp16 export; <c>timestep</c> stays float32, and the time projection is computed in
/// float32 and cast afterwards, as diffusers does, since float16 cannot hold a fractional timestep near 1000. Attention
/// always computes q kᵀ and the softmax in float32, diffusers' <c>upcast_attention</c> whatever the config says: SD2's
/// attention logits overflow float16. Normalizations are fp32 islands too (<see cref="ConversionGraph"/>).
/// </remarks>
internal sealed class UNetGraph
{
    private const float TransformerGroupNormEpsilon = 1e-6f;
    private const float LayerNormEpsilon = 1e-5f;

    private readonly ConversionGraph _g;
    private readonly long _groups;
    private readonly float _epsilon;
    private string _timeEmbedding = string.Empty;

    private UNetGraph(ConversionGraph graph, long groups, float epsilon)
    {
        _g = graph;
        _groups = groups;
        _epsilon = epsilon;
    }

    public static OnnxGraphBuilder Build(
        string configPath,
        WeightFile weights,
        IProgress<ConversionProgress>? progress,
        CancellationToken cancellationToken,
        ModelPrecision precision = ModelPrecision.Float32)
    {
        var config = ConfigJson.Load(configPath, "unet/config.json");
        var channels = config.GetInt32Array("block_out_channels") ?? [320, 640, 1280, 1280];
        var levels = channels.Length;
        var layersPerBlock = config.GetInt32("layers_per_block", 2);
        var inChannels = config.GetInt32("in_channels", 4);
        var outChannels = config.GetInt32("out_channels", 4);
        var crossDim = config.GetInt32("cross_attention_dim", 1280);
        var groups = config.GetInt32("norm_num_groups", 32);
        var epsilon = (float)config.GetDouble("norm_eps", 1e-5);
        var flipSinToCos = config.GetBoolean("flip_sin_to_cos", true);
        var freqShift = config.GetDouble("freq_shift", 0);
        var heads = config.GetInt32OrArray(config.Has("num_attention_heads") ? "num_attention_heads" : "attention_head_dim") ?? [8];
        if (heads.Length == 1)
        {
            heads = Enumerable.Repeat(heads[0], levels).ToArray();
        }

        var downTypes = GetStrings(config, "down_block_types");
        var upTypes = GetStrings(config, "up_block_types");
        if (heads.Length != levels || downTypes.Length != levels || upTypes.Length != levels)
        {
            throw config.Invalid("block_out_channels", $"has {levels} entries; down_block_types, up_block_types and attention_head_dim must match.");
        }

        foreach (var key in new[] { "class_embed_type", "addition_embed_type", "encoder_hid_dim_type", "time_cond_proj_dim" })
        {
            if (config.Has(key))
            {
                throw new ModelConversionException($"unet/config.json sets '{key}', which this converter does not support (SD 1.x/2.x U-Nets only).");
            }
        }

        var midType = config.GetString("mid_block_type", "UNetMidBlock2DCrossAttn");
        if (midType != "UNetMidBlock2DCrossAttn")
        {
            throw new ModelConversionException($"mid_block_type '{midType}' is not supported (only UNetMidBlock2DCrossAttn).");
        }

        foreach (var type in downTypes.Concat(upTypes))
        {
            if (type is not ("CrossAttnDownBlock2D" or "DownBlock2D" or "CrossAttnUpBlock2D" or "UpBlock2D"))
            {
                throw new ModelConversionException($"U-Net block type '{type}' is not supported.");
            }
        }

        var g = new ConversionGraph("unet", weights, "unet", _ => true, progress, cancellationToken, precision);
        var b = g.Builder;
        b.AddInput("sample", g.ComputeType, "batch_size", inChannels, "height", "width");
        b.AddInput("timestep", OnnxElementType.Float32);
        b.AddInput("encoder_hidden_states", g.ComputeType, "batch_size", "sequence_length", crossDim);

        var unet = new UNetGraph(g, groups, epsilon);
        unet._timeEmbedding = unet.TimeEmbedding(channels[0], flipSinToCos, freqShift);

        var x = g.Conv2d("sample", "conv_in", padding: 1);
        var skips = new Stack<string>();
        skips.Push(x);
        for (var level = 0; level < levels; level++)
        {
            var prefix = $"down_blocks.{level}";
            var cross = downTypes[level] == "CrossAttnDownBlock2D";
            for (var r = 0; r < layersPerBlock; r++)
            {
                x = unet.Resnet(x, $"{prefix}.resnets.{r}");
                if (cross)
                {
                    x = unet.Transformer(x, $"{prefix}.attentions.{r}", heads[level]);
                }

                skips.Push(x);
            }

            if (level < levels - 1)
            {
                x = g.Conv2d(x, $"{prefix}.downsamplers.0.conv", padding: 1, stride: 2);
                skips.Push(x);
            }
        }

        x = unet.Resnet(x, "mid_block.resnets.0");
        x = unet.Transformer(x, "mid_block.attentions.0", heads[^1]);
        x = unet.Resnet(x, "mid_block.resnets.1");

        for (var level = 0; level < levels; level++)
        {
            var prefix = $"up_blocks.{level}";
            var cross = upTypes[level] == "CrossAttnUpBlock2D";
            var blockHeads = heads[levels - 1 - level];
            for (var r = 0; r <= layersPerBlock; r++)
            {
                x = g.Op("Concat", [x, skips.Pop()], OnnxAttribute.Of("axis", 1L));
                x = unet.Resnet(x, $"{prefix}.resnets.{r}");
                if (cross)
                {
                    x = unet.Transformer(x, $"{prefix}.attentions.{r}", blockHeads);
                }
            }

            if (level < levels - 1)
            {
                x = g.Upsample2x(x, $"{prefix}.upsamplers.0");
            }
        }

        x = g.Silu(g.GroupNorm(x, "conv_norm_out", groups, epsilon));
        x = g.Conv2d(x, "conv_out", padding: 1);
        b.AddNode("Identity", [x], ["out_sample"]);
        b.AddOutput("out_sample", g.ComputeType, "batch_size", outChannels, "height", "width");
        return b;
    }

    private static string[] GetStrings(ConfigJson config, string key)
    {
        var raw = config.Raw(key);
        if (raw is not { ValueKind: System.Text.Json.JsonValueKind.Array } array)
        {
            throw config.Invalid(key, "must be a list of block type names.");
        }

        return array.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray();
    }

    /// <summary>
    /// Timesteps + TimestepEmbedding: the scalar timestep broadcast to [batch, 1], times the frequencies
    /// exp(-ln(10000)·i / (half - freq_shift)), [cos, sin] (or [sin, cos]), then linear_1, SiLU, linear_2. Returns
    /// SiLU of the embedding [batch, time_dim], which every resnet's time_emb_proj consumes.
    /// </summary>
    private string TimeEmbedding(int projectionDim, bool flipSinToCos, double freqShift)
    {
        var b = _g.Builder;
        var half = projectionDim / 2;
        var frequencies = new float[half];
        var logMaxPeriod = (float)Math.Log(10000);
        for (var i = 0; i < half; i++)
        {
            // float32 arithmetic in diffusers' order: -ln(10000) * i, / (half - shift), exp.
            frequencies[i] = MathF.Exp(-logMaxPeriod * i / (float)(half - freqShift));
        }

        var batch = _g.Op("Slice", [_g.Op("Shape", ["sample"]), _g.Constant(0), _g.Constant(1), _g.Constant(0)]);
        var t = _g.Op("Expand", [_g.Op("Reshape", ["timestep", _g.Constant(1, 1)]),
            _g.Op("Concat", [batch, _g.Constant(1)], OnnxAttribute.Of("axis", 0L))]);
        var arguments = _g.Op("Mul", [t, b.Constant(frequencies, 1, half)]);
        var sin = _g.Op("Sin", [arguments]);
        var cos = _g.Op("Cos", [arguments]);
        var projected = _g.ToCompute(_g.Op("Concat", flipSinToCos ? [cos, sin] : [sin, cos], OnnxAttribute.Of("axis", 1L)));
        var embedding = _g.Linear(_g.Silu(_g.Linear(projected, "time_embedding.linear_1")), "time_embedding.linear_2");
        return _g.Silu(embedding);
    }

    /// <summary>
    /// ResnetBlock2D (time_embedding_norm "default"): h = conv1(silu(norm1(x))) + time_emb_proj(silu(temb))[:, :, None, None];
    /// h = conv2(silu(norm2(h))); x (through a 1x1 conv_shortcut when the channels change) + h.
    /// </summary>
    private string Resnet(string x, string prefix)
    {
        var h = _g.Conv2d(_g.Silu(_g.GroupNorm(x, prefix + ".norm1", _groups, _epsilon)), prefix + ".conv1", padding: 1);
        var time = _g.Op("Unsqueeze", [_g.Linear(_timeEmbedding, prefix + ".time_emb_proj"), _g.Constant(2, 3)]);
        h = _g.Op("Add", [h, time]);
        h = _g.Conv2d(_g.Silu(_g.GroupNorm(h, prefix + ".norm2", _groups, _epsilon)), prefix + ".conv2", padding: 1);
        var shortcut = _g.Has(prefix + ".conv_shortcut.weight") ? _g.Conv2d(x, prefix + ".conv_shortcut", padding: 0) : x;
        return _g.Op("Add", [shortcut, h]);
    }

    /// <summary>
    /// Transformer2DModel: x + proj_out(blocks(proj_in(norm(x)))) over the H·W tokens. proj_in / proj_out are linear
    /// (use_linear_projection, SD2) or 1x1 convs (SD1), told apart by the weight's rank.
    /// </summary>
    private string Transformer(string x, string prefix, int heads)
    {
        var linear = _g.ShapeOf(prefix + ".proj_in.weight").Count == 2;
        var h = _g.GroupNorm(x, prefix + ".norm", _groups, TransformerGroupNormEpsilon);
        if (!linear)
        {
            h = _g.Conv2d(h, prefix + ".proj_in", padding: 0);
        }

        var spatialShape = _g.Op("Shape", [h]);
        h = _g.Op("Transpose", [_g.Op("Reshape", [h, _g.Constant(0, 0, -1)])], OnnxAttribute.Of("perm", 0L, 2, 1));
        if (linear)
        {
            h = _g.Linear(h, prefix + ".proj_in");
        }

        for (var i = 0; _g.Has($"{prefix}.transformer_blocks.{i}.norm1.weight"); i++)
        {
            h = TransformerBlock(h, $"{prefix}.transformer_blocks.{i}", heads);
        }

        if (linear)
        {
            h = _g.Linear(h, prefix + ".proj_out");
        }

        h = _g.Op("Reshape", [_g.Op("Transpose", [h], OnnxAttribute.Of("perm", 0L, 2, 1)), spatialShape]);
        if (!linear)
        {
            h = _g.Conv2d(h, prefix + ".proj_out", padding: 0);
        }

        return _g.Op("Add", [h, x]);
    }

    /// <summary>BasicTransformerBlock: self-attention, cross-attention on encoder_hidden_states, GEGLU feed-forward, each pre-norm with a residual.</summary>
    private string TransformerBlock(string x, string prefix, int heads)
    {
        var normed = _g.LayerNorm(x, prefix + ".norm1", LayerNormEpsilon);
        x = _g.Op("Add", [Attention(normed, normed, prefix + ".attn1", heads), x]);
        normed = _g.LayerNorm(x, prefix + ".norm2", LayerNormEpsilon);
        x = _g.Op("Add", [Attention(normed, "encoder_hidden_states", prefix + ".attn2", heads), x]);
        normed = _g.LayerNorm(x, prefix + ".norm3", LayerNormEpsilon);

        // GEGLU: proj to 2·inner, first half · gelu(second half), then net.2.
        var projected = _g.Linear(normed, prefix + ".ff.net.0.proj");
        var inner = _g.ShapeOf(prefix + ".ff.net.0.proj.weight")[0] / 2;
        var value = _g.Op("Slice", [projected, _g.Constant(0), _g.Constant(inner), _g.Constant(-1)]);
        var gate = _g.Op("Slice", [projected, _g.Constant(inner), _g.Constant(2 * inner), _g.Constant(-1)]);
        var ff = _g.Linear(_g.Op("Mul", [value, _g.Activation(gate, "gelu")]), prefix + ".ff.net.2");
        return _g.Op("Add", [ff, x]);
    }

    /// <summary>
    /// Multi-head attention of diffusers' <c>Attention</c>: bias-free to_q/to_k/to_v, softmax(q kᵀ / √d) v, to_out.0 with
    /// bias; q kᵀ, the scaling and the softmax in float32 (an fp32 island in a float16 graph).
    /// </summary>
    private string Attention(string x, string context, string prefix, int heads)
    {
        var inner = _g.ShapeOf(prefix + ".to_q.weight")[0];
        if (inner % heads != 0)
        {
            throw new ModelConversionException($"'{prefix}' has {inner} channels, not divisible into {heads} heads.");
        }

        var headDim = inner / heads;
        var q = _g.Op("Transpose", [_g.Op("Reshape", [_g.Linear(x, prefix + ".to_q", bias: false), _g.Constant(0, 0, heads, headDim)])],
            OnnxAttribute.Of("perm", 0L, 2, 1, 3));
        var k = _g.Op("Transpose", [_g.Op("Reshape", [_g.Linear(context, prefix + ".to_k", bias: false), _g.Constant(0, 0, heads, headDim)])],
            OnnxAttribute.Of("perm", 0L, 2, 3, 1));
        var v = _g.Op("Transpose", [_g.Op("Reshape", [_g.Linear(context, prefix + ".to_v", bias: false), _g.Constant(0, 0, heads, headDim)])],
            OnnxAttribute.Of("perm", 0L, 2, 1, 3));
        var scores = _g.Op("Mul", [_g.Op("MatMul", [_g.ToFloat32(q), _g.ToFloat32(k)]), _g.Builder.Scalar(1f / MathF.Sqrt(headDim))]);
        var attention = _g.ToCompute(_g.Op("Softmax", [scores], OnnxAttribute.Of("axis", -1L)));
        var merged = _g.Op("Reshape", [_g.Op("Transpose", [_g.Op("MatMul", [attention, v])], OnnxAttribute.Of("perm", 0L, 2, 1, 3)),
            _g.Constant(0, 0, inner)]);
        return _g.Linear(merged, prefix + ".to_out.0");
    }
}
