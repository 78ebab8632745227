using Engine.Models;
using Engine.Onnx;
using Engine.Onnx.Writing;
using Engine.Weights;

namespace Engine.Conversion;

/// <summary>
/// Builds the decoder half of diffusers' <c>AutoencoderKL</c> with optimum's signature: <c>latent_sample</c>
/// [batch_size, latent_channels, latent_height, latent_width] → <c>sample</c> [batch_size, out_channels, 8·h, 8·w]
/// (for four levels). Order: post_quant_conv, decoder.conv_in, decoder.mid_block, decoder.up_blocks (lowest
/// resolution first; layers_per_block + 1 resnets each, then nearest 2x upsampling and a 3x3 conv except in the last),
/// conv_norm_out (GroupNorm, eps 1e-6), SiLU, conv_out.
/// </summary>
internal static class VaeDecoderGraph
{
    public static OnnxGraphBuilder Build(string configPath, WeightFile weights, IProgress<ConversionProgress>? progress, CancellationToken cancellationToken)
    {
        var config = ConfigJson.Load(configPath, "vae/config.json");
        var levels = (config.GetInt32Array("block_out_channels") ?? [128, 256, 512, 512]).Length;
        var layersPerBlock = config.GetInt32("layers_per_block", 2);
        var latentChannels = config.GetInt32("latent_channels", 4);
        var outChannels = config.GetInt32("out_channels", 3);
        var groups = config.GetInt32("norm_num_groups", 32);
        var scale = 1L << (levels - 1);

        var g = new ConversionGraph("vae_decoder", weights, "vae_decoder",
            name => name.StartsWith("decoder.", StringComparison.Ordinal) || name.StartsWith("post_quant_conv.", StringComparison.Ordinal),
            progress, cancellationToken);
        var blocks = new VaeBlocks(g, groups);
        var b = g.Builder;
        b.AddInput("latent_sample", OnnxElementType.Float32, "batch_size", latentChannels, "latent_height", "latent_width");

        var x = g.Has("post_quant_conv.weight") ? g.Conv2d("latent_sample", "post_quant_conv", padding: 0) : "latent_sample";
        x = g.Conv2d(x, "decoder.conv_in", padding: 1);
        x = blocks.MidBlock(x, "decoder.mid_block");
        for (var level = 0; level < levels; level++)
        {
            var prefix = $"decoder.up_blocks.{level}";
            for (var r = 0; r <= layersPerBlock; r++)
            {
                x = blocks.Resnet(x, $"{prefix}.resnets.{r}");
            }

            if (level < levels - 1)
            {
                var upsampled = g.Op("Resize", [x, string.Empty, b.Constant([1f, 1f, 2f, 2f], 4)],
                    OnnxAttribute.Of("mode", "nearest"),
                    OnnxAttribute.Of("coordinate_transformation_mode", "asymmetric"),
                    OnnxAttribute.Of("nearest_mode", "floor"));
                x = g.Conv2d(upsampled, $"{prefix}.upsamplers.0.conv", padding: 1);
            }
        }

        x = g.Silu(g.GroupNorm(x, "decoder.conv_norm_out", groups, VaeBlocks.Epsilon));
        x = g.Conv2d(x, "decoder.conv_out", padding: 1);
        b.AddNode("Identity", [x], ["sample"]);
        b.AddOutput("sample", OnnxElementType.Float32,
            "batch_size", outChannels, $"latent_height * {scale}", $"latent_width * {scale}");
        return b;
    }
}
