namespace Benchmarks.FullSizeSd2;

/// <summary>
/// transformers' <c>CLIPTextModel</c> as stabilityai/stable-diffusion-2's <c>text_encoder/</c> holds it (OpenCLIP ViT-H's
/// text tower: 23 layers of width 1024, 340M parameters): its config.json and its tensors.
/// </summary>
internal static class Sd2TextEncoderLayout
{
    private const long Hidden = 1024;
    private const long Intermediate = 4096;
    private const int Layers = 23;
    private const long Vocabulary = 49408;
    private const long Positions = 77;

    /// <summary>The config.json values of SD2's text encoder.</summary>
    public const string ConfigJson = """
        {
          "architectures": ["CLIPTextModel"],
          "attention_dropout": 0.0,
          "bos_token_id": 0,
          "dropout": 0.0,
          "eos_token_id": 2,
          "hidden_act": "gelu",
          "hidden_size": 1024,
          "initializer_factor": 1.0,
          "initializer_range": 0.02,
          "intermediate_size": 4096,
          "layer_norm_eps": 1e-05,
          "max_position_embeddings": 77,
          "model_type": "clip_text_model",
          "num_attention_heads": 16,
          "num_hidden_layers": 23,
          "pad_token_id": 1,
          "projection_dim": 512,
          "torch_dtype": "float32",
          "vocab_size": 49408
        }
        """;

    /// <summary>Every tensor, in transformers' order of modules.</summary>
    public static IReadOnlyList<(string Name, long[] Shape)> Tensors()
    {
        var tensors = new List<(string, long[])>
        {
            ("text_model.embeddings.token_embedding.weight", [Vocabulary, Hidden]),
            ("text_model.embeddings.position_embedding.weight", [Positions, Hidden]),
        };
        for (var i = 0; i < Layers; i++)
        {
            var layer = $"text_model.encoder.layers.{i}";
            foreach (var projection in new[] { "k_proj", "v_proj", "q_proj", "out_proj" })
            {
                tensors.Add(($"{layer}.self_attn.{projection}.weight", [Hidden, Hidden]));
                tensors.Add(($"{layer}.self_attn.{projection}.bias", [Hidden]));
            }

            tensors.Add(($"{layer}.layer_norm1.weight", [Hidden]));
            tensors.Add(($"{layer}.layer_norm1.bias", [Hidden]));
            tensors.Add(($"{layer}.mlp.fc1.weight", [Intermediate, Hidden]));
            tensors.Add(($"{layer}.mlp.fc1.bias", [Intermediate]));
            tensors.Add(($"{layer}.mlp.fc2.weight", [Hidden, Intermediate]));
            tensors.Add(($"{layer}.mlp.fc2.bias", [Hidden]));
            tensors.Add(($"{layer}.layer_norm2.weight", [Hidden]));
            tensors.Add(($"{layer}.layer_norm2.bias", [Hidden]));
        }

        tensors.Add(("text_model.final_layer_norm.weight", [Hidden]));
        tensors.Add(("text_model.final_layer_norm.bias", [Hidden]));
        return tensors;
    }
}
