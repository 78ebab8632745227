using System.Text.Json;
using Engine.Models;

namespace Engine.Conversion.SingleFile;

/// <summary>
/// The config files diffusers' single-file converter writes for a checkpoint of a given family: the component configs
/// (sizes from the tensors, the rest from the family's original LDM config: SD 1.x 8 heads per block, SD 2.x 64
/// channels per head, 32 norm groups, scaling factor 0.18215), the scheduler config of the family's reference
/// pipeline (PNDM for epsilon as in SD 1.5 and SD 2 base, DDIM for v-prediction as in SD 2 768-v) and model_index.json.
/// </summary>
internal static class SingleFileConfigs
{
    private const string DiffusersVersion = PipelineConfigFiles.DiffusersVersion;
    private const int Sd1HeadsPerBlock = 8;
    private const int Sd2ChannelsPerHead = 64;
    private const int OpenClipChannelsPerHead = 64;
    private const int NormGroups = 32;

    /// <summary>unet/config.json (UNet2DConditionModel).</summary>
    public static byte[] UNet(LdmArchitecture a, SingleFileModelSettings settings, string path) => Json(w =>
    {
        w.WriteString("_class_name", "UNet2DConditionModel");
        w.WriteString("_diffusers_version", DiffusersVersion);
        w.WriteString("act_fn", "silu");
        w.WritePropertyName("attention_head_dim");
        if (settings.Family == ModelFamily.StableDiffusion1)
        {
            CheckDivisible(a.UNetBlockOutChannels, Sd1HeadsPerBlock, "SD 1.x U-Nets have 8 attention heads per block", path);
            w.WriteNumberValue(Sd1HeadsPerBlock);
        }
        else
        {
            CheckDivisible(a.UNetBlockOutChannels, Sd2ChannelsPerHead, "SD 2.x U-Nets have 64 channels per attention head", path);
            Numbers(w, a.UNetBlockOutChannels.Select(c => c / Sd2ChannelsPerHead));
        }

        w.WritePropertyName("block_out_channels");
        Numbers(w, a.UNetBlockOutChannels);
        w.WriteBoolean("center_input_sample", false);
        w.WriteNumber("cross_attention_dim", a.CrossAttentionDim);
        Strings(w, "down_block_types", a.UNetDownBlockTypes);
        w.WriteNumber("downsample_padding", 1);
        w.WriteBoolean("dual_cross_attention", false);
        w.WriteBoolean("flip_sin_to_cos", true);
        w.WriteNumber("freq_shift", 0);
        w.WriteNumber("in_channels", a.UNetInChannels);
        w.WriteNumber("layers_per_block", a.UNetLayersPerBlock);
        w.WriteNumber("mid_block_scale_factor", 1);
        w.WriteString("mid_block_type", "UNetMidBlock2DCrossAttn");
        w.WriteNumber("norm_eps", 1e-5);
        w.WriteNumber("norm_num_groups", NormGroups);
        w.WriteBoolean("only_cross_attention", false);
        w.WriteNumber("out_channels", a.UNetOutChannels);
        w.WriteNumber("sample_size", settings.ImageSize / 8);
        w.WriteNumber("transformer_layers_per_block", 1);
        Strings(w, "up_block_types", a.UNetUpBlockTypes);
        // SD 2.1's v models overflow fp16 attention; diffusers marks 2.1 by its training step, which files do not
        // carry, so every SD 2 v model is marked (it only changes fp16 arithmetic).
        w.WriteBoolean("upcast_attention", settings.Family == ModelFamily.StableDiffusion2 && settings.PredictionType == PredictionType.VPrediction);
        w.WriteBoolean("use_linear_projection", a.LinearProjection);
    });

    /// <summary>vae/config.json (AutoencoderKL), used by vae_encoder and vae_decoder.</summary>
    public static byte[] Vae(LdmArchitecture a, SingleFileModelSettings settings, string path) => Json(w =>
    {
        CheckDivisible(a.VaeBlockOutChannels, NormGroups, "the VAE normalizes in 32 groups", path);
        w.WriteString("_class_name", "AutoencoderKL");
        w.WriteString("_diffusers_version", DiffusersVersion);
        w.WriteString("act_fn", "silu");
        w.WritePropertyName("block_out_channels");
        Numbers(w, a.VaeBlockOutChannels);
        Strings(w, "down_block_types", [.. a.VaeBlockOutChannels.Select(_ => "DownEncoderBlock2D")]);
        w.WriteBoolean("force_upcast", true);
        w.WriteNumber("in_channels", a.VaeInChannels);
        w.WriteNumber("latent_channels", a.VaeLatentChannels);
        w.WriteNumber("layers_per_block", a.VaeLayersPerBlock);
        w.WriteNumber("norm_num_groups", NormGroups);
        w.WriteNumber("out_channels", a.VaeOutChannels);
        w.WriteNumber("sample_size", settings.ImageSize);
        w.WriteNumber("scaling_factor", 0.18215);
        Strings(w, "up_block_types", [.. a.VaeBlockOutChannels.Select(_ => "UpDecoderBlock2D")]);
    });

    /// <summary>text_encoder/config.json (transformers CLIPTextModel): SD 1.x's CLIP ViT-L or SD 2.x's OpenCLIP ViT-H less its last layer.</summary>
    public static byte[] TextEncoder(LdmArchitecture a, SingleFileModelSettings settings, string path) => Json(w =>
    {
        CheckDivisible([a.TextWidth], OpenClipChannelsPerHead, "CLIP and OpenCLIP text encoders have 64 channels per attention head", path);
        var sd1 = settings.Family == ModelFamily.StableDiffusion1;
        Strings(w, "architectures", ["CLIPTextModel"]);
        w.WriteNumber("attention_dropout", 0.0);
        w.WriteNumber("bos_token_id", 0);
        w.WriteNumber("dropout", 0.0);
        w.WriteNumber("eos_token_id", 2);
        w.WriteString("hidden_act", sd1 ? "quick_gelu" : "gelu");
        w.WriteNumber("hidden_size", a.TextWidth);
        w.WriteNumber("initializer_factor", 1.0);
        w.WriteNumber("initializer_range", 0.02);
        w.WriteNumber("intermediate_size", a.TextIntermediate);
        w.WriteNumber("layer_norm_eps", 1e-5);
        w.WriteNumber("max_position_embeddings", a.MaxPositions);
        w.WriteString("model_type", "clip_text_model");
        w.WriteNumber("num_attention_heads", a.TextWidth / OpenClipChannelsPerHead);
        w.WriteNumber("num_hidden_layers", a.TextLayers);
        w.WriteNumber("pad_token_id", 1);
        w.WriteNumber("projection_dim", sd1 ? 768 : 512);
        w.WriteString("torch_dtype", "float32");
        w.WriteNumber("vocab_size", a.VocabularySize);
    });

    /// <summary>scheduler/scheduler_config.json: SD's training schedule over 1000 steps, PNDM for epsilon, DDIM otherwise.</summary>
    public static byte[] Scheduler(PredictionType prediction) => Json(w => PipelineConfigFiles.WriteScheduler(w, prediction, 1000));

    /// <summary>model_index.json of a StableDiffusionPipeline without safety checker.</summary>
    public static byte[] ModelIndex(PredictionType prediction) => Json(w => PipelineConfigFiles.WriteModelIndex(w, prediction));

    /// <summary>
    /// tokenizer_config.json for the family: SD 2 (OpenCLIP) pads with "!" (id 0), SD 1 (CLIP) with the end token.
    /// </summary>
    public static byte[] TokenizerConfig(ModelFamily family) => Json(w =>
    {
        w.WriteBoolean("add_prefix_space", false);
        w.WriteString("bos_token", "<|startoftext|>");
        w.WriteBoolean("clean_up_tokenization_spaces", true);
        w.WriteBoolean("do_lower_case", true);
        w.WriteString("eos_token", "<|endoftext|>");
        w.WriteString("errors", "replace");
        w.WriteNumber("model_max_length", 77);
        w.WriteString("pad_token", PadToken(family));
        w.WriteString("tokenizer_class", "CLIPTokenizer");
        w.WriteString("unk_token", "<|endoftext|>");
    });

    /// <summary>special_tokens_map.json for the family (the tokenizer loader reads it before tokenizer_config.json).</summary>
    public static byte[] SpecialTokensMap(ModelFamily family) => Json(w =>
    {
        w.WriteString("bos_token", "<|startoftext|>");
        w.WriteString("eos_token", "<|endoftext|>");
        w.WriteString("pad_token", PadToken(family));
        w.WriteString("unk_token", "<|endoftext|>");
    });

    private static string PadToken(ModelFamily family) => family == ModelFamily.StableDiffusion1 ? "<|endoftext|>" : "!";

    private static void CheckDivisible(int[] channels, int by, string rule, string path)
    {
        var bad = channels.FirstOrDefault(c => c <= 0 || c % by != 0);
        if (bad != 0 || channels.Length == 0)
        {
            throw new ModelConversionException(
                $"'{path}': a block has {bad} channels, but {rule}, so the family's config does not fit this checkpoint. " +
                "Give ModelImportOptions.ConfigSource: a diffusers folder whose unet/, vae/ and text_encoder/ config.json describe it.");
        }
    }

    private static byte[] Json(Action<Utf8JsonWriter> write) => PipelineConfigFiles.Json(write);

    private static void Numbers(Utf8JsonWriter w, IEnumerable<int> values)
    {
        w.WriteStartArray();
        foreach (var value in values)
        {
            w.WriteNumberValue(value);
        }

        w.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter w, string name, string[] values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
