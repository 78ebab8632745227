using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebUi.Api;

/// <summary>
/// The fields txt2img and img2img share (A1111 v1.10.1 modules/processing.py <c>StableDiffusionProcessing</c> plus the
/// extra keys of modules/api/models.py), with the API's defaults, which differ from the UI's (steps 50, sampler
/// "Euler" via <c>sampler_index</c>, <c>save_images</c> false, ...; docs A1111.md §1.2). Every field is optional; an
/// explicit null means "the default". The object is echoed back as the response's <c>parameters</c>.
/// </summary>
public abstract class GenerationApiRequest
{
    [JsonPropertyName("prompt")]
    public string? Prompt { get; init; } = "";

    [JsonPropertyName("negative_prompt")]
    public string? NegativePrompt { get; init; } = "";

    /// <summary>Style names; no styles are stored here, so they change nothing (A1111 skips unknown names too).</summary>
    [JsonPropertyName("styles")]
    public IReadOnlyList<string>? Styles { get; init; }

    [JsonPropertyName("seed")]
    public long? Seed { get; init; } = -1;

    [JsonPropertyName("subseed")]
    public long? Subseed { get; init; } = -1;

    [JsonPropertyName("subseed_strength")]
    public double? SubseedStrength { get; init; } = 0;

    [JsonPropertyName("seed_resize_from_h")]
    public int? SeedResizeFromH { get; init; } = -1;

    [JsonPropertyName("seed_resize_from_w")]
    public int? SeedResizeFromW { get; init; } = -1;

    /// <summary>Null or empty falls back to <see cref="SamplerIndex"/>.</summary>
    [JsonPropertyName("sampler_name")]
    public string? SamplerName { get; init; }

    /// <summary>Schedule type name or label; null or unknown is "Automatic".</summary>
    [JsonPropertyName("scheduler")]
    public string? Scheduler { get; init; }

    [JsonPropertyName("batch_size")]
    public int? BatchSize { get; init; } = 1;

    [JsonPropertyName("n_iter")]
    public int? NIter { get; init; } = 1;

    [JsonPropertyName("steps")]
    public int? Steps { get; init; } = 50;

    [JsonPropertyName("cfg_scale")]
    public double? CfgScale { get; init; } = 7.0;

    [JsonPropertyName("width")]
    public int? Width { get; init; } = 512;

    [JsonPropertyName("height")]
    public int? Height { get; init; } = 512;

    [JsonPropertyName("restore_faces")]
    public bool? RestoreFaces { get; init; }

    [JsonPropertyName("tiling")]
    public bool? Tiling { get; init; }

    [JsonPropertyName("do_not_save_samples")]
    public bool? DoNotSaveSamples { get; init; } = false;

    [JsonPropertyName("do_not_save_grid")]
    public bool? DoNotSaveGrid { get; init; } = false;

    /// <summary>Overrides the options' <c>eta_ancestral</c> and <c>eta_ddim</c>.</summary>
    [JsonPropertyName("eta")]
    public double? Eta { get; init; }

    [JsonPropertyName("denoising_strength")]
    public double? DenoisingStrength { get; init; } = 0.75;

    [JsonPropertyName("s_min_uncond")]
    public double? SMinUncond { get; init; }

    [JsonPropertyName("s_churn")]
    public double? SChurn { get; init; }

    [JsonPropertyName("s_tmax")]
    public double? STmax { get; init; }

    [JsonPropertyName("s_tmin")]
    public double? STmin { get; init; }

    [JsonPropertyName("s_noise")]
    public double? SNoise { get; init; }

    /// <summary>Option keys for this job only (see <see cref="ApiOptionsStore"/>), e.g. <c>sd_model_checkpoint</c>.</summary>
    [JsonPropertyName("override_settings")]
    public Dictionary<string, JsonElement>? OverrideSettings { get; init; }

    [JsonPropertyName("override_settings_restore_afterwards")]
    public bool? OverrideSettingsRestoreAfterwards { get; init; } = true;

    [JsonPropertyName("refiner_checkpoint")]
    public string? RefinerCheckpoint { get; init; }

    [JsonPropertyName("refiner_switch_at")]
    public double? RefinerSwitchAt { get; init; }

    [JsonPropertyName("disable_extra_networks")]
    public bool? DisableExtraNetworks { get; init; } = false;

    [JsonPropertyName("firstpass_image")]
    public string? FirstpassImage { get; init; }

    [JsonPropertyName("comments")]
    public JsonElement? Comments { get; init; }

    [JsonPropertyName("force_task_id")]
    public string? ForceTaskId { get; init; }

    [JsonPropertyName("sampler_index")]
    public string? SamplerIndex { get; init; } = "Euler";

    [JsonPropertyName("script_name")]
    public string? ScriptName { get; init; }

    [JsonPropertyName("script_args")]
    public JsonElement? ScriptArgs { get; init; }

    [JsonPropertyName("send_images")]
    public bool? SendImages { get; init; } = true;

    [JsonPropertyName("save_images")]
    public bool? SaveImages { get; init; } = false;

    [JsonPropertyName("alwayson_scripts")]
    public JsonElement? AlwaysonScripts { get; init; }

    [JsonPropertyName("infotext")]
    public string? Infotext { get; init; }

    /// <summary>
    /// Live preview every N steps for this job; null takes the options' <c>show_progress_every_n_steps</c>. Not an
    /// A1111 field: a request type of another entry point (the hub's) may set it.
    /// </summary>
    [JsonIgnore]
    protected internal virtual int? JobPreviewInterval => null;

    /// <summary>What a missing or null <c>save_images</c> means: A1111's API does not save.</summary>
    [JsonIgnore]
    protected internal virtual bool SavesImagesByDefault => false;
}
