namespace Benchmarks.FullSizeSd2;

/// <summary>
/// The tensors (names and shapes) of diffusers' <c>UNet2DConditionModel</c> in the SD 2.x layout for a given set of
/// config values: what a <c>diffusion_pytorch_model.safetensors</c> of that config holds, in diffusers' naming.
/// </summary>
internal static class Sd2UNetLayout
{
    /// <summary>The config.json values of stabilityai/stable-diffusion-2's U-Net (865,910,724 parameters).</summary>
    public static Sd2UNetConfig StableDiffusion2 { get; } = new(
        BlockOutChannels: [320, 640, 1280, 1280],
        AttentionHeadDim: [5, 10, 20, 20],
        DownBlockTypes: ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
        UpBlockTypes: ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
        LayersPerBlock: 2,
        CrossAttentionDim: 1024,
        InChannels: 4,
        OutChannels: 4,
        SampleSize: 96);

    /// <summary>Every tensor in diffusers' order of modules.</summary>
    public static IReadOnlyList<(string Name, long[] Shape)> Tensors(Sd2UNetConfig config)
    {
        var channels = config.BlockOutChannels;
        long timeDim = channels[0] * 4;
        var tensors = new TensorShapeList();

        void Resnet(string prefix, long input, long output)
        {
            tensors.Norm(prefix + ".norm1", input);
            tensors.Conv(prefix + ".conv1", input, output, 3);
            tensors.Linear(prefix + ".time_emb_proj", timeDim, output);
            tensors.Norm(prefix + ".norm2", output);
            tensors.Conv(prefix + ".conv2", output, output, 3);
            if (input != output)
            {
                tensors.Conv(prefix + ".conv_shortcut", input, output, 1);
            }
        }

        void Transformer(string prefix, long width)
        {
            tensors.Norm(prefix + ".norm", width);
            tensors.Linear(prefix + ".proj_in", width, width);
            var block = prefix + ".transformer_blocks.0";
            tensors.Norm(block + ".norm1", width);
            tensors.Linear(block + ".attn1.to_q", width, width, bias: false);
            tensors.Linear(block + ".attn1.to_k", width, width, bias: false);
            tensors.Linear(block + ".attn1.to_v", width, width, bias: false);
            tensors.Linear(block + ".attn1.to_out.0", width, width);
            tensors.Norm(block + ".norm2", width);
            tensors.Linear(block + ".attn2.to_q", width, width, bias: false);
            tensors.Linear(block + ".attn2.to_k", config.CrossAttentionDim, width, bias: false);
            tensors.Linear(block + ".attn2.to_v", config.CrossAttentionDim, width, bias: false);
            tensors.Linear(block + ".attn2.to_out.0", width, width);
            tensors.Norm(block + ".norm3", width);
            tensors.Linear(block + ".ff.net.0.proj", width, 8 * width);
            tensors.Linear(block + ".ff.net.2", 4 * width, width);
            tensors.Linear(prefix + ".proj_out", width, width);
        }

        tensors.Conv("conv_in", config.InChannels, channels[0], 3);
        tensors.Linear("time_embedding.linear_1", channels[0], timeDim);
        tensors.Linear("time_embedding.linear_2", timeDim, timeDim);

        long output = channels[0];
        for (var level = 0; level < channels.Length; level++)
        {
            var input = output;
            output = channels[level];
            for (var r = 0; r < config.LayersPerBlock; r++)
            {
                Resnet($"down_blocks.{level}.resnets.{r}", r == 0 ? input : output, output);
                if (config.DownBlockTypes[level] == "CrossAttnDownBlock2D")
                {
                    Transformer($"down_blocks.{level}.attentions.{r}", output);
                }
            }

            if (level < channels.Length - 1)
            {
                tensors.Conv($"down_blocks.{level}.downsamplers.0.conv", output, output, 3);
            }
        }

        Resnet("mid_block.resnets.0", channels[^1], channels[^1]);
        Transformer("mid_block.attentions.0", channels[^1]);
        Resnet("mid_block.resnets.1", channels[^1], channels[^1]);

        var reversed = channels.Reverse().ToArray();
        output = reversed[0];
        for (var level = 0; level < reversed.Length; level++)
        {
            var previous = output;
            output = reversed[level];
            var input = reversed[Math.Min(level + 1, reversed.Length - 1)];
            for (var r = 0; r <= config.LayersPerBlock; r++)
            {
                var skip = r == config.LayersPerBlock ? input : output;
                var resnetIn = r == 0 ? previous : output;
                Resnet($"up_blocks.{level}.resnets.{r}", resnetIn + skip, output);
                if (config.UpBlockTypes[level] == "CrossAttnUpBlock2D")
                {
                    Transformer($"up_blocks.{level}.attentions.{r}", output);
                }
            }

            if (level < reversed.Length - 1)
            {
                tensors.Conv($"up_blocks.{level}.upsamplers.0.conv", output, output, 3);
            }
        }

        tensors.Norm("conv_norm_out", channels[0]);
        tensors.Conv("conv_out", channels[0], config.OutChannels, 3);
        return tensors.Tensors;
    }
}
