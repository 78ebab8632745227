using Engine.Models;
using Engine.Onnx;
using Engine.Onnx.Writing;
using Engine.Weights;

namespace Engine.Conversion;

/// <summary>
/// Builds the encoder half of diffusers' <c>AutoencoderKL</c> with optimum's signature: <c>sample</c>
/// [batch_size, in_channels, sample_height, sample_width] → <c>latent_parameters</c> [batch_size, 2·latent_channels,
/// h/8, w/8] (mean then logvar; the output of quant_conv). Order: encoder.conv_in, encoder.down_blocks
/// (layers_per_block resnets, then except in the last a stride-2 3x3 conv after padding one zero row and column at the
/// bottom and right), encoder.mid_block, conv_norm_out (GroupNorm, eps 1e-6), SiLU, conv_out, quant_conv.
/// </summary>
internal static class VaeEncoderGraph
{
    public static OnnxGraphBuilder Build(string configPath, WeightFile weights, IProgress<ConversionProgress>? progress, CancellationToken cancellationToken)
    {
        var (config, blocks) = VaeBlocks.Start("vae_encoder", ["encoder.", "quant_conv."], configPath, weights, progress, cancellationToken);
        var levels = config.BlockOutChannels.Count;
        var g = blocks.Graph;
        var b = g.Builder;
        b.AddInput("sample", OnnxElementType.Float32, "batch_size", config.InChannels, "sample_height", "sample_width");

        var x = g.Conv2d("sample", "encoder.conv_in", padding: 1);
        for (var level = 0; level < levels; level++)
        {
            var prefix = $"encoder.down_blocks.{level}";
            for (var r = 0; r < config.LayersPerBlock; r++)
            {
                x = blocks.Resnet(x, $"{prefix}.resnets.{r}");
            }

            if (level < levels - 1)
            {
                var padded = g.Op("Pad", [x, g.Constant(0, 0, 0, 0, 0, 0, 1, 1)]);
                x = g.Conv2d(padded, $"{prefix}.downsamplers.0.conv", padding: 0, stride: 2);
            }
        }

        x = blocks.MidBlock(x, "encoder.mid_block");
        x = g.Silu(g.GroupNorm(x, "encoder.conv_norm_out", blocks.Groups, VaeBlocks.Epsilon));
        x = g.Conv2d(x, "encoder.conv_out", padding: 1);
        if (g.Has("quant_conv.weight"))
        {
            x = g.Conv2d(x, "quant_conv", padding: 0);
        }

        b.AddNode("Identity", [x], ["latent_parameters"]);
        b.AddOutput("latent_parameters", OnnxElementType.Float32,
            "batch_size", 2L * config.LatentChannels, $"sample_height / {config.ScaleFactor}", $"sample_width / {config.ScaleFactor}");
        return b;
    }
}
