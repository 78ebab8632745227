using System.Globalization;

namespace Engine.Models;

/// <summary>The parts of <c>unet/config.json</c> (diffusers <c>UNet2DConditionModel</c>) the engine relies on.</summary>
public sealed record UNetConfig
{
    /// <summary>Location of the file inside a model folder.</summary>
    public const string RelativePath = "unet/config.json";

    /// <summary><c>_class_name</c>.</summary>
    public string? ClassName { get; init; }

    /// <summary>Latent height the model was trained at (<c>sample_size</c>, first value when it is a pair).</summary>
    public int SampleHeight { get; init; } = 64;

    /// <summary>Latent width the model was trained at (<c>sample_size</c>, second value when it is a pair).</summary>
    public int SampleWidth { get; init; } = 64;

    /// <summary><c>in_channels</c>: 4 for txt2img/img2img models, 9 for inpainting.</summary>
    public int InChannels { get; init; } = 4;

    /// <summary><c>out_channels</c>.</summary>
    public int OutChannels { get; init; } = 4;

    /// <summary><c>cross_attention_dim</c>: width of the text embeddings the U-Net attends to.</summary>
    public int CrossAttentionDim { get; init; } = 1280;

    /// <summary><c>block_out_channels</c>.</summary>
    public IReadOnlyList<int> BlockOutChannels { get; init; } = [320, 640, 1280, 1280];

    /// <summary><c>attention_head_dim</c> (SD 2 uses it as head counts per block).</summary>
    public IReadOnlyList<int> AttentionHeadDim { get; init; } = [8];

    /// <summary><c>upcast_attention</c>: attention must run in fp32 (SD 2.1 768; fp16 overflows otherwise).</summary>
    public bool UpcastAttention { get; init; }

    /// <summary><c>time_cond_proj_dim</c>: set for LCM-distilled U-Nets, which take an extra guidance input.</summary>
    public int? TimeCondProjDim { get; init; }

    /// <summary><c>addition_embed_type</c>: set for SDXL-style U-Nets ("text_time"), which this engine does not drive.</summary>
    public string? AdditionEmbedType { get; init; }

    /// <summary>Parses and validates JSON text.</summary>
    /// <exception cref="ModelConfigException">Invalid JSON, wrong types or impossible values.</exception>
    public static UNetConfig Parse(string json, string fileName = RelativePath) => From(ConfigJson.Parse(json, fileName));

    /// <summary>Reads and validates a file.</summary>
    /// <exception cref="ModelConfigException">The file is unreadable or invalid.</exception>
    public static UNetConfig Load(string path, string fileName = RelativePath) => From(ConfigJson.Load(path, fileName));

    internal static UNetConfig From(ConfigJson json)
    {
        var sampleSize = json.GetInt32OrArray("sample_size") ?? [64];
        if (sampleSize.Length is < 1 or > 2 || sampleSize.Any(s => s is < 1 or > 1024))
        {
            throw json.Invalid("sample_size", "must be a positive latent size (an integer or [height, width]) no larger than 1024.");
        }

        var config = new UNetConfig
        {
            ClassName = json.GetString("_class_name"),
            SampleHeight = sampleSize[0],
            SampleWidth = sampleSize[^1],
            InChannels = Positive(json, "in_channels", 4),
            OutChannels = Positive(json, "out_channels", 4),
            CrossAttentionDim = Positive(json, "cross_attention_dim", 1280),
            BlockOutChannels = json.GetInt32Array("block_out_channels") ?? [320, 640, 1280, 1280],
            AttentionHeadDim = json.GetInt32OrArray("attention_head_dim") ?? [8],
            UpcastAttention = json.GetBoolean("upcast_attention", false),
            TimeCondProjDim = json.GetInt32OrNull("time_cond_proj_dim"),
            AdditionEmbedType = json.GetString("addition_embed_type"),
        };
        return config;
    }

    internal static int Positive(ConfigJson json, string key, int defaultValue)
    {
        var value = json.GetInt32(key, defaultValue);
        return value > 0
            ? value
            : throw json.Invalid(key, string.Create(CultureInfo.InvariantCulture, $"must be a positive integer, but is {value}."));
    }
}
