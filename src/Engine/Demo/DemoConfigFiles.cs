using System.Text.Json;
using Engine.Models;

namespace Engine.Demo;

/// <summary>The JSON and text files of the demo model folder, in the keys diffusers/transformers/optimum write.</summary>
internal static class DemoConfigFiles
{
    public static void WriteJson(string path, Action<Utf8JsonWriter> body) => File.WriteAllBytes(path, PipelineConfigFiles.Json(body));

    public static void ModelIndex(Utf8JsonWriter w, DemoModelOptions options) =>
        PipelineConfigFiles.WriteModelIndex(w, Prediction(options), identity =>
        {
            identity.WriteBoolean("_demo_model", true);
            identity.WriteString("_name_or_path", "engine-demo");
        });

    public static void Scheduler(Utf8JsonWriter w, DemoModelOptions options) =>
        PipelineConfigFiles.WriteScheduler(w, Prediction(options), DemoModelMath.TrainTimesteps);

    public static void TextEncoder(Utf8JsonWriter w)
    {
        var vocabulary = DemoVocabulary.Instance;
        w.WriteString("_name_or_path", "engine-demo/text_encoder");
        w.WriteBoolean("_demo_model", true);
        w.WriteStartArray("architectures");
        w.WriteStringValue("CLIPTextModel");
        w.WriteEndArray();
        w.WriteNumber("bos_token_id", vocabulary.BosId);
        w.WriteNumber("eos_token_id", vocabulary.EosId);
        w.WriteString("hidden_act", "gelu");
        w.WriteNumber("hidden_size", DemoModelMath.HiddenSize);
        w.WriteNumber("max_position_embeddings", 77);
        w.WriteString("model_type", "clip_text_model");
        w.WriteNumber("num_attention_heads", 1);
        w.WriteNumber("num_hidden_layers", 1);
        w.WriteNumber("pad_token_id", vocabulary.PadId);
        w.WriteNumber("projection_dim", DemoModelMath.HiddenSize);
        w.WriteString("torch_dtype", "float32");
        w.WriteNumber("vocab_size", vocabulary.Count);
    }

    public static void UNet(Utf8JsonWriter w, DemoModelOptions options)
    {
        ComponentHeader(w, "UNet2DConditionModel", "engine-demo/unet");
        w.WriteNumber("demo_data_std", options.DataStd);
        w.WriteString("demo_prediction_type", options.PredictionType == DemoPredictionType.Epsilon ? "epsilon" : "v_prediction");
        BlockOutChannels(w, 320, 640, 1280, 1280);
        w.WriteNumber("cross_attention_dim", DemoModelMath.HiddenSize);
        w.WriteNumber("in_channels", 4);
        w.WriteNumber("out_channels", 4);
        w.WriteNumber("sample_size", options.SampleSize);
    }

    public static void Vae(Utf8JsonWriter w, DemoModelOptions options)
    {
        ComponentHeader(w, "AutoencoderKL", "engine-demo/vae");
        BlockOutChannels(w, 128, 256, 512, 512);
        w.WriteNumber("in_channels", 3);
        w.WriteNumber("latent_channels", 4);
        w.WriteNumber("out_channels", 3);
        w.WriteNumber("sample_size", options.SampleSize * 8);
        w.WriteNumber("scaling_factor", DemoModelMath.ScalingFactor);
    }

    public static void Vocab(Utf8JsonWriter w)
    {
        var tokens = DemoVocabulary.Instance.Tokens;
        for (var id = 0; id < tokens.Count; id++)
        {
            w.WriteNumber(tokens[id], id);
        }
    }

    public static void SpecialTokensMap(Utf8JsonWriter w)
    {
        SpecialToken(w, "bos_token", DemoVocabulary.StartOfText, normalized: true);
        SpecialToken(w, "eos_token", DemoVocabulary.EndOfText, normalized: true);
        SpecialToken(w, "pad_token", DemoVocabulary.PadToken, normalized: false);
        SpecialToken(w, "unk_token", DemoVocabulary.EndOfText, normalized: true);
    }

    public static void TokenizerConfig(Utf8JsonWriter w)
    {
        var vocabulary = DemoVocabulary.Instance;
        w.WriteBoolean("add_prefix_space", false);
        w.WriteStartObject("added_tokens_decoder");
        foreach (var (id, content, normalized) in new[]
                 {
                     (vocabulary.PadId, DemoVocabulary.PadToken, false),
                     (vocabulary.BosId, DemoVocabulary.StartOfText, true),
                     (vocabulary.EosId, DemoVocabulary.EndOfText, true),
                 })
        {
            w.WriteStartObject(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("content", content);
            TokenFlags(w, normalized);
            w.WriteBoolean("special", true);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteString("bos_token", DemoVocabulary.StartOfText);
        w.WriteBoolean("clean_up_tokenization_spaces", true);
        w.WriteBoolean("do_lower_case", true);
        w.WriteString("eos_token", DemoVocabulary.EndOfText);
        w.WriteString("errors", "replace");
        w.WriteNumber("model_max_length", 77);
        w.WriteString("pad_token", DemoVocabulary.PadToken);
        w.WriteString("tokenizer_class", "CLIPTokenizer");
        w.WriteString("unk_token", DemoVocabulary.EndOfText);
    }

    public static void WriteMerges(string path)
    {
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine("#version: 0.2");
        foreach (var (left, right) in DemoVocabulary.Instance.Merges)
        {
            writer.WriteLine(left + " " + right);
        }
    }

    /// <summary>The leading keys of a diffusers component config (U-Net, VAE), in the order diffusers writes them.</summary>
    private static void ComponentHeader(Utf8JsonWriter w, string className, string nameOrPath)
    {
        w.WriteString("_class_name", className);
        w.WriteString("_diffusers_version", "0.25.1");
        w.WriteString("_name_or_path", nameOrPath);
        w.WriteBoolean("_demo_model", true);
    }

    private static void BlockOutChannels(Utf8JsonWriter w, params int[] channels)
    {
        w.WriteStartArray("block_out_channels");
        foreach (var channel in channels)
        {
            w.WriteNumberValue(channel);
        }

        w.WriteEndArray();
    }

    private static PredictionType Prediction(DemoModelOptions options) =>
        options.PredictionType == DemoPredictionType.VPrediction ? PredictionType.VPrediction : PredictionType.Epsilon;

    private static void SpecialToken(Utf8JsonWriter w, string name, string content, bool normalized)
    {
        w.WriteStartObject(name);
        w.WriteString("content", content);
        TokenFlags(w, normalized);
        w.WriteEndObject();
    }

    private static void TokenFlags(Utf8JsonWriter w, bool normalized)
    {
        w.WriteBoolean("lstrip", false);
        w.WriteBoolean("normalized", normalized);
        w.WriteBoolean("rstrip", false);
        w.WriteBoolean("single_word", false);
    }
}
