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
        var (config, blocks) = VaeBlocks.Start("vae_decoder", ["decoder.", "post_quant_conv."], configPath, weights, progress, cancellationToken);
        var levels = config.BlockOutChannels.Count;
        var g = blocks.Graph;
        var b = g.Builder;
        b.AddInput("latent_sample", OnnxElementType.Float32, "batch_size", config.LatentChannels, "latent_height", "latent_width");

        var x = g.Has("post_quant_conv.weight") ? g.Conv2d("latent_sample", "post_quant_conv", padding: 0) : "latent_sample";
        x = g.Conv2d(x, "decoder.conv_in", padding: 1);
        x = blocks.MidBlock(x, "decoder.mid_block");
        for (var level = 0; level < levels; level++)
        {
            var prefix = $"decoder.up_blocks.{level}";
            for (var r = 0; r <= config.LayersPerBlock; r++)
            {
                x = blocks.Resnet(x, $"{prefix}.resnets.{r}");
            }

            if (level < levels - 1)
            {
                x = g.Upsample2x(x, $"{prefix}.upsamplers.0");
            }
        }

        x = g.Silu(g.GroupNorm(x, "decoder.conv_norm_out", blocks.Groups, VaeBlocks.Epsilon));
        x = g.Conv2d(x, "decoder.conv_out", padding: 1);
        b.AddNode("Identity", [x], ["sample"]);
        b.AddOutput("sample", OnnxElementType.Float32,
            "batch_size", config.OutChannels, $"latent_height * {config.ScaleFactor}", $"latent_width * {config.ScaleFactor}");
        return b;
    }
}
