using System.Text.Json;
using System.Text.Json.Nodes;

namespace Benchmarks.FullSizeSd2;

/// <summary>The U-Net config.json values the generator varies; everything else is SD2's.</summary>
internal sealed record Sd2UNetConfig(
    long[] BlockOutChannels,
    int[] AttentionHeadDim,
    string[] DownBlockTypes,
    string[] UpBlockTypes,
    int LayersPerBlock,
    long CrossAttentionDim,
    long InChannels,
    long OutChannels,
    int SampleSize)
{
    /// <summary>diffusers' config.json for these values (the keys stabilityai/stable-diffusion-2's unet/config.json sets).</summary>
    public string ToJson()
    {
        var json = new JsonObject
        {
            ["_class_name"] = "UNet2DConditionModel",
            ["_diffusers_version"] = "0.8.0",
            ["act_fn"] = "silu",
            ["attention_head_dim"] = new JsonArray([.. AttentionHeadDim.Select(h => (JsonNode)h)]),
            ["block_out_channels"] = new JsonArray([.. BlockOutChannels.Select(c => (JsonNode)c)]),
            ["center_input_sample"] = false,
            ["cross_attention_dim"] = CrossAttentionDim,
            ["down_block_types"] = new JsonArray([.. DownBlockTypes.Select(t => (JsonNode)t)]),
            ["downsample_padding"] = 1,
            ["dual_cross_attention"] = false,
            ["flip_sin_to_cos"] = true,
            ["freq_shift"] = 0,
            ["in_channels"] = InChannels,
            ["layers_per_block"] = LayersPerBlock,
            ["mid_block_scale_factor"] = 1,
            ["norm_eps"] = 1e-05,
            ["norm_num_groups"] = 32,
            ["out_channels"] = OutChannels,
            ["sample_size"] = SampleSize,
            ["up_block_types"] = new JsonArray([.. UpBlockTypes.Select(t => (JsonNode)t)]),
            ["use_linear_projection"] = true,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
