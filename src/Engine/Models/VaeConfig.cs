namespace Engine.Models;

/// <summary>
/// The parts of a VAE <c>config.json</c> (diffusers <c>AutoencoderKL</c>) the engine relies on. The optimum layout
/// copies the same file into <c>vae_encoder/</c> and <c>vae_decoder/</c>.
/// </summary>
public sealed record VaeConfig
{
    /// <summary>Location of the decoder's copy inside a model folder.</summary>
    public const string DecoderRelativePath = "vae_decoder/config.json";

    /// <summary>Location of the encoder's copy inside a model folder.</summary>
    public const string EncoderRelativePath = "vae_encoder/config.json";

    /// <summary><c>_class_name</c>.</summary>
    public string? ClassName { get; init; }

    /// <summary><c>scaling_factor</c>: latents are multiplied by it after encoding and divided before decoding.</summary>
    public double ScalingFactor { get; init; } = 0.18215;

    /// <summary><c>shift_factor</c>: subtracted before scaling (SD3/Flux VAEs); null for SD 1/2.</summary>
    public double? ShiftFactor { get; init; }

    /// <summary><c>latent_channels</c>.</summary>
    public int LatentChannels { get; init; } = 4;

    /// <summary><c>in_channels</c>: image channels.</summary>
    public int InChannels { get; init; } = 3;

    /// <summary><c>out_channels</c>: image channels.</summary>
    public int OutChannels { get; init; } = 3;

    /// <summary><c>sample_size</c>: image size the VAE was trained at (pixels).</summary>
    public int SampleSize { get; init; } = 512;

    /// <summary><c>block_out_channels</c>; their count sets the down-sampling factor.</summary>
    public IReadOnlyList<int> BlockOutChannels { get; init; } = [128, 256, 512, 512];

    /// <summary><c>layers_per_block</c>: resnets per encoder block (the decoder has one more).</summary>
    public int LayersPerBlock { get; init; } = 2;

    /// <summary><c>norm_num_groups</c>: groups of every group normalization.</summary>
    public int NormNumGroups { get; init; } = 32;

    /// <summary><c>force_upcast</c>: the VAE is known to overflow in fp16.</summary>
    public bool ForceUpcast { get; init; } = true;

    /// <summary>Pixels per latent along each axis: 2^(number of blocks − 1), i.e. 8 for SD.</summary>
    public int ScaleFactor => 1 << Math.Max(0, BlockOutChannels.Count - 1);

    /// <summary>Parses and validates JSON text.</summary>
    /// <exception cref="ModelConfigException">Invalid JSON, wrong types or impossible values.</exception>
    public static VaeConfig Parse(string json, string fileName = DecoderRelativePath) => From(ConfigJson.Parse(json, fileName));

    /// <summary>Reads and validates a file.</summary>
    /// <exception cref="ModelConfigException">The file is unreadable or invalid.</exception>
    public static VaeConfig Load(string path, string fileName = DecoderRelativePath) => From(ConfigJson.Load(path, fileName));

    internal static VaeConfig From(ConfigJson json)
    {
        var scaling = json.GetDouble("scaling_factor", 0.18215);
        if (scaling <= 0)
        {
            throw json.Invalid("scaling_factor", "must be positive.");
        }

        var blocks = json.GetInt32Array("block_out_channels") ?? [128, 256, 512, 512];
        if (blocks.Length is < 1 or > 8)
        {
            throw json.Invalid("block_out_channels", "must list between 1 and 8 blocks.");
        }

        return new VaeConfig
        {
            ClassName = json.GetString("_class_name"),
            ScalingFactor = scaling,
            ShiftFactor = json.GetDoubleOrNull("shift_factor"),
            LatentChannels = UNetConfig.Positive(json, "latent_channels", 4),
            InChannels = UNetConfig.Positive(json, "in_channels", 3),
            OutChannels = UNetConfig.Positive(json, "out_channels", 3),
            SampleSize = UNetConfig.Positive(json, "sample_size", 512),
            BlockOutChannels = blocks,
            LayersPerBlock = UNetConfig.Positive(json, "layers_per_block", 2),
            NormNumGroups = UNetConfig.Positive(json, "norm_num_groups", 32),
            ForceUpcast = json.GetBoolean("force_upcast", true),
        };
    }
}
