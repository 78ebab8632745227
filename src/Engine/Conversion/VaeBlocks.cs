using Engine.Models;
using Engine.Onnx.Writing;
using Engine.Weights;

namespace Engine.Conversion;

/// <summary>
/// The blocks diffusers' <c>AutoencoderKL</c> encoder and decoder share: <c>ResnetBlock2D</c> without time embedding,
/// the single-head spatial self-attention of the mid block, and <c>UNetMidBlock2D</c> (resnet, attention, resnet).
/// All group norms use the config's <c>norm_num_groups</c> and epsilon 1e-6, as diffusers builds them.
/// </summary>
internal sealed class VaeBlocks
{
    public const float Epsilon = 1e-6f;

    private readonly ConversionGraph _g;

    public VaeBlocks(ConversionGraph graph, long groups)
    {
        _g = graph;
        Groups = groups;
    }

    public long Groups { get; }

    /// <summary>The graph the blocks are added to.</summary>
    public ConversionGraph Graph => _g;

    /// <summary>
    /// Reads the VAE config and starts the graph of one half (<paramref name="component"/>), whose source tensors are
    /// those under <paramref name="tensorPrefixes"/> (the VAE file holds both halves).
    /// </summary>
    public static (VaeConfig Config, VaeBlocks Blocks) Start(
        string component,
        string[] tensorPrefixes,
        string configPath,
        WeightFile weights,
        IProgress<ConversionProgress>? progress,
        CancellationToken cancellationToken)
    {
        var config = VaeConfig.Load(configPath, "vae/config.json");
        var graph = new ConversionGraph(component, weights, component,
            name => tensorPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)), progress, cancellationToken);
        return (config, new VaeBlocks(graph, config.NormNumGroups));
    }

    /// <summary>x + conv2(silu(norm2(conv1(silu(norm1(x)))))), with a 1x1 <c>conv_shortcut</c> on x when the channels change.</summary>
    public string Resnet(string x, string prefix)
    {
        var h = _g.Conv2d(_g.Silu(_g.GroupNorm(x, prefix + ".norm1", Groups, Epsilon)), prefix + ".conv1", padding: 1);
        h = _g.Conv2d(_g.Silu(_g.GroupNorm(h, prefix + ".norm2", Groups, Epsilon)), prefix + ".conv2", padding: 1);
        var shortcut = _g.Has(prefix + ".conv_shortcut.weight") ? _g.Conv2d(x, prefix + ".conv_shortcut", padding: 0) : x;
        return _g.Op("Add", [shortcut, h]);
    }

    /// <summary>
    /// Spatial self-attention over H·W positions with one head of all channels (diffusers' VAE sets
    /// attention_head_dim to the channel count): x + to_out(softmax(q kᵀ / √C) v) on group-normed x.
    /// Accepts the pre-0.14 names (query, key, value, proj_attn) as well.
    /// </summary>
    public string Attention(string x, string prefix)
    {
        var legacy = !_g.Has(prefix + ".to_q.weight") && _g.Has(prefix + ".query.weight");
        var channels = _g.ShapeOf(prefix + ".group_norm.weight")[0];
        var normed = _g.GroupNorm(x, prefix + ".group_norm", Groups, Epsilon);
        var tokens = _g.Op("Transpose", [_g.Op("Reshape", [normed, _g.Constant(0, 0, -1)])], OnnxAttribute.Of("perm", 0L, 2, 1));
        var q = _g.Linear(tokens, prefix + (legacy ? ".query" : ".to_q"));
        var k = _g.Linear(tokens, prefix + (legacy ? ".key" : ".to_k"));
        var v = _g.Linear(tokens, prefix + (legacy ? ".value" : ".to_v"));
        var kT = _g.Op("Transpose", [k], OnnxAttribute.Of("perm", 0L, 2, 1));
        var scores = _g.Op("Mul", [_g.Op("MatMul", [q, kT]), _g.Builder.Scalar(1f / MathF.Sqrt(channels))]);
        var attention = _g.Op("Softmax", [scores], OnnxAttribute.Of("axis", -1L));
        var output = _g.Linear(_g.Op("MatMul", [attention, v]), prefix + (legacy ? ".proj_attn" : ".to_out.0"));
        var spatial = _g.Op("Reshape", [_g.Op("Transpose", [output], OnnxAttribute.Of("perm", 0L, 2, 1)), _g.Op("Shape", [x])]);
        return _g.Op("Add", [spatial, x]);
    }

    /// <summary>UNetMidBlock2D: resnets.0, attentions.0, resnets.1.</summary>
    public string MidBlock(string x, string prefix)
    {
        x = Resnet(x, prefix + ".resnets.0");
        x = Attention(x, prefix + ".attentions.0");
        return Resnet(x, prefix + ".resnets.1");
    }
}
