namespace Engine.Models;

/// <summary>The parts of <c>text_encoder/config.json</c> (transformers <c>CLIPTextModel</c>) the engine relies on.</summary>
public sealed record TextEncoderConfig
{
    /// <summary>Location of the file inside a model folder.</summary>
    public const string RelativePath = "text_encoder/config.json";

    /// <summary><c>model_type</c> (e.g. clip_text_model).</summary>
    public string? ModelType { get; init; }

    /// <summary><c>hidden_size</c>: width of <c>last_hidden_state</c>; must equal the U-Net's cross_attention_dim.</summary>
    public int HiddenSize { get; init; } = 512;

    /// <summary><c>max_position_embeddings</c>: the longest token sequence one encoder call takes (77 for CLIP).</summary>
    public int MaxPositionEmbeddings { get; init; } = 77;

    /// <summary><c>vocab_size</c>.</summary>
    public int VocabSize { get; init; } = 49408;

    /// <summary><c>num_hidden_layers</c>.</summary>
    public int NumHiddenLayers { get; init; } = 12;

    /// <summary><c>projection_dim</c>.</summary>
    public int ProjectionDim { get; init; } = 512;

    /// <summary><c>hidden_act</c>: "gelu" for SD 2 (OpenCLIP), "quick_gelu" for SD 1.</summary>
    public string HiddenAct { get; init; } = "quick_gelu";

    /// <summary>Parses and validates JSON text.</summary>
    /// <exception cref="ModelConfigException">Invalid JSON, wrong types or impossible values.</exception>
    public static TextEncoderConfig Parse(string json, string fileName = RelativePath) => From(ConfigJson.Parse(json, fileName));

    /// <summary>Reads and validates a file.</summary>
    /// <exception cref="ModelConfigException">The file is unreadable or invalid.</exception>
    public static TextEncoderConfig Load(string path, string fileName = RelativePath) => From(ConfigJson.Load(path, fileName));

    internal static TextEncoderConfig From(ConfigJson json) => new()
    {
        ModelType = json.GetString("model_type"),
        HiddenSize = UNetConfig.Positive(json, "hidden_size", 512),
        MaxPositionEmbeddings = UNetConfig.Positive(json, "max_position_embeddings", 77),
        VocabSize = UNetConfig.Positive(json, "vocab_size", 49408),
        NumHiddenLayers = UNetConfig.Positive(json, "num_hidden_layers", 12),
        ProjectionDim = UNetConfig.Positive(json, "projection_dim", 512),
        HiddenAct = json.GetString("hidden_act", "quick_gelu"),
    };
}
