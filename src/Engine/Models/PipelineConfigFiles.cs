using System.Text.Encodings.Web;
using System.Text.Json;

namespace Engine.Models;

/// <summary>
/// The pipeline-level JSON files a Stable Diffusion model folder holds, as diffusers writes them: <c>model_index.json</c>
/// and the scheduler config. Shared by the demo model and the single-file importer, which both write a folder of their
/// own making.
/// </summary>
internal static class PipelineConfigFiles
{
    /// <summary>The diffusers version the written files claim (the one the fixtures were exported with).</summary>
    public const string DiffusersVersion = "0.25.1";

    private static readonly JsonWriterOptions s_options = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A JSON object written by <paramref name="body"/>, indented, with a final newline.</summary>
    public static byte[] Json(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, s_options))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>The scheduler class SD's reference pipelines pair with <paramref name="prediction"/>: PNDM for epsilon, DDIM otherwise.</summary>
    public static string SchedulerClass(PredictionType prediction) =>
        prediction == PredictionType.Epsilon ? "PNDMScheduler" : "DDIMScheduler";

    /// <summary>
    /// The members of a <c>StableDiffusionPipeline</c> model_index.json without safety checker;
    /// <paramref name="identity"/> adds keys right after <c>_diffusers_version</c>.
    /// </summary>
    public static void WriteModelIndex(Utf8JsonWriter w, PredictionType prediction, Action<Utf8JsonWriter>? identity = null)
    {
        w.WriteString("_class_name", "StableDiffusionPipeline");
        w.WriteString("_diffusers_version", DiffusersVersion);
        identity?.Invoke(w);
        Pair(w, "feature_extractor", null, null);
        Pair(w, "image_encoder", null, null);
        w.WriteBoolean("requires_safety_checker", false);
        Pair(w, "safety_checker", null, null);
        Pair(w, "scheduler", "diffusers", SchedulerClass(prediction));
        Pair(w, "text_encoder", "transformers", "CLIPTextModel");
        Pair(w, "tokenizer", "transformers", "CLIPTokenizer");
        Pair(w, "unet", "diffusers", "UNet2DConditionModel");
        Pair(w, "vae", "diffusers", "AutoencoderKL");
    }

    /// <summary>
    /// The members of scheduler_config.json: SD's training schedule (scaled_linear 0.00085 to 0.012) with steps_offset 1,
    /// no clipping and leading spacing, for the class <see cref="SchedulerClass"/> names (PNDM with PLMS steps only, or DDIM).
    /// </summary>
    public static void WriteScheduler(Utf8JsonWriter w, PredictionType prediction, int trainTimesteps)
    {
        var ddim = prediction != PredictionType.Epsilon;
        w.WriteString("_class_name", SchedulerClass(prediction));
        w.WriteString("_diffusers_version", DiffusersVersion);
        w.WriteNumber("beta_end", 0.012);
        w.WriteString("beta_schedule", "scaled_linear");
        w.WriteNumber("beta_start", 0.00085);
        w.WriteBoolean("clip_sample", false);
        if (ddim)
        {
            w.WriteNumber("clip_sample_range", 1.0);
            w.WriteNumber("dynamic_thresholding_ratio", 0.995);
        }

        w.WriteNumber("num_train_timesteps", trainTimesteps);
        w.WriteString("prediction_type", prediction switch
        {
            PredictionType.Epsilon => "epsilon",
            PredictionType.VPrediction => "v_prediction",
            _ => "sample",
        });
        if (ddim)
        {
            w.WriteBoolean("rescale_betas_zero_snr", false);
            w.WriteNumber("sample_max_value", 1.0);
        }

        w.WriteBoolean("set_alpha_to_one", false);
        w.WriteBoolean("skip_prk_steps", true);
        w.WriteNumber("steps_offset", 1);
        if (ddim)
        {
            w.WriteBoolean("thresholding", false);
        }

        w.WriteString("timestep_spacing", "leading");
        w.WriteNull("trained_betas");
    }

    /// <summary>A model_index.json component entry: [library, class], or [null, null] for an absent one.</summary>
    private static void Pair(Utf8JsonWriter w, string name, string? library, string? className)
    {
        w.WriteStartArray(name);
        w.WriteStringValue(library);
        w.WriteStringValue(className);
        w.WriteEndArray();
    }
}
