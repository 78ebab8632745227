using System.Text.Json.Serialization;

namespace WebUi.Api;

/// <summary>
/// <c>POST /sdapi/v1/img2img</c> (A1111's <c>StableDiffusionImg2ImgProcessingAPI</c>). One init image, as base64 with
/// or without a <c>data:image/...;base64,</c> prefix; the inpainting fields are read and echoed, but a mask is refused
/// (no inpainting here).
/// </summary>
public sealed class Img2ImgApiRequest : GenerationApiRequest
{
    [JsonPropertyOrder(1)]
    [JsonPropertyName("init_images")]
    public IReadOnlyList<string>? InitImages { get; set; }

    [JsonPropertyOrder(1)]
    [JsonPropertyName("resize_mode")]
    public int? ResizeMode { get; init; } = 0;

    [JsonPropertyOrder(1)]
    [JsonPropertyName("image_cfg_scale")]
    public double? ImageCfgScale { get; init; }

    [JsonPropertyOrder(1)]
    [JsonPropertyName("mask")]
    public string? Mask { get; set; }

    [JsonPropertyOrder(1)]
    [JsonPropertyName("mask_blur_x")]
    public int? MaskBlurX { get; init; } = 4;

    [JsonPropertyOrder(1)]
    [JsonPropertyName("mask_blur_y")]
    public int? MaskBlurY { get; init; } = 4;

    [JsonPropertyOrder(1)]
    [JsonPropertyName("mask_blur")]
    public int? MaskBlur { get; init; }

    [JsonPropertyOrder(1)]
    [JsonPropertyName("mask_round")]
    public bool? MaskRound { get; init; } = true;

    [JsonPropertyOrder(1)]
    [JsonPropertyName("inpainting_fill")]
    public int? InpaintingFill { get; init; } = 0;

    [JsonPropertyOrder(1)]
    [JsonPropertyName("inpaint_full_res")]
    public bool? InpaintFullRes { get; init; } = true;

    [JsonPropertyOrder(1)]
    [JsonPropertyName("inpaint_full_res_padding")]
    public int? InpaintFullResPadding { get; init; } = 0;

    [JsonPropertyOrder(1)]
    [JsonPropertyName("inpainting_mask_invert")]
    public int? InpaintingMaskInvert { get; init; } = 0;

    [JsonPropertyOrder(1)]
    [JsonPropertyName("initial_noise_multiplier")]
    public double? InitialNoiseMultiplier { get; init; }

    [JsonPropertyOrder(1)]
    [JsonPropertyName("latent_mask")]
    public string? LatentMask { get; init; }

    [JsonPropertyOrder(1)]
    [JsonPropertyName("include_init_images")]
    public bool? IncludeInitImages { get; init; } = false;
}
