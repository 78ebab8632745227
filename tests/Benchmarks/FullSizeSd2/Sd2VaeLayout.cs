namespace Benchmarks.FullSizeSd2;

/// <summary>
/// diffusers' <c>AutoencoderKL</c> as stabilityai/stable-diffusion-2's <c>vae/</c> holds it (block_out_channels
/// 128/256/512/512, 84M parameters): its config.json and its tensors, encoder and decoder.
/// </summary>
internal static class Sd2VaeLayout
{
    private static readonly long[] s_channels = [128, 256, 512, 512];
    private const int LayersPerBlock = 2;

    /// <summary>The config.json values of SD2's VAE.</summary>
    public const string ConfigJson = """
        {
          "_class_name": "AutoencoderKL",
          "_diffusers_version": "0.8.0",
          "act_fn": "silu",
          "block_out_channels": [128, 256, 512, 512],
          "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"],
          "in_channels": 3,
          "latent_channels": 4,
          "layers_per_block": 2,
          "norm_num_groups": 32,
          "out_channels": 3,
          "sample_size": 768,
          "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"]
        }
        """;

    /// <summary>Every tensor, in diffusers' order of modules.</summary>
    public static IReadOnlyList<(string Name, long[] Shape)> Tensors()
    {
        var tensors = new TensorShapeList();

        void Resnet(string prefix, long input, long output)
        {
            tensors.Norm(prefix + ".norm1", input);
            tensors.Conv(prefix + ".conv1", input, output, 3);
            tensors.Norm(prefix + ".norm2", output);
            tensors.Conv(prefix + ".conv2", output, output, 3);
            if (input != output)
            {
                tensors.Conv(prefix + ".conv_shortcut", input, output, 1);
            }
        }

        void MidBlock(string prefix, long width)
        {
            Resnet(prefix + ".resnets.0", width, width);
            tensors.Norm(prefix + ".attentions.0.group_norm", width);
            foreach (var projection in new[] { "to_q", "to_k", "to_v", "to_out.0" })
            {
                tensors.Add($"{prefix}.attentions.0.{projection}.weight", width, width);
                tensors.Add($"{prefix}.attentions.0.{projection}.bias", width);
            }

            Resnet(prefix + ".resnets.1", width, width);
        }

        var last = s_channels[^1];
        tensors.Conv("encoder.conv_in", 3, s_channels[0], 3);
        var output = s_channels[0];
        for (var level = 0; level < s_channels.Length; level++)
        {
            var input = output;
            output = s_channels[level];
            for (var r = 0; r < LayersPerBlock; r++)
            {
                Resnet($"encoder.down_blocks.{level}.resnets.{r}", r == 0 ? input : output, output);
            }

            if (level < s_channels.Length - 1)
            {
                tensors.Conv($"encoder.down_blocks.{level}.downsamplers.0.conv", output, output, 3);
            }
        }

        MidBlock("encoder.mid_block", last);
        tensors.Norm("encoder.conv_norm_out", last);
        tensors.Conv("encoder.conv_out", last, 8, 3);
        tensors.Conv("quant_conv", 8, 8, 1);
        tensors.Conv("post_quant_conv", 4, 4, 1);

        tensors.Conv("decoder.conv_in", 4, last, 3);
        MidBlock("decoder.mid_block", last);
        var reversed = s_channels.Reverse().ToArray();
        output = reversed[0];
        for (var level = 0; level < reversed.Length; level++)
        {
            var previous = output;
            output = reversed[level];
            for (var r = 0; r <= LayersPerBlock; r++)
            {
                Resnet($"decoder.up_blocks.{level}.resnets.{r}", r == 0 ? previous : output, output);
            }

            if (level < reversed.Length - 1)
            {
                tensors.Conv($"decoder.up_blocks.{level}.upsamplers.0.conv", output, output, 3);
            }
        }

        tensors.Norm("decoder.conv_norm_out", s_channels[0]);
        tensors.Conv("decoder.conv_out", s_channels[0], 3, 3);
        return tensors.Tensors;
    }
}
