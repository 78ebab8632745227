using System.Text.Json.Serialization;

namespace WebUi.Api;

/// <summary>
/// <c>POST /sdapi/v1/img2img</c> (A1111's <c>StableDiffusionImg2ImgProcessingAPI</c>). One init image, as base64 with
/// or without a <c>data:image/...;base64,</c> prefix; the inpainting fields are read and echoed, but a mask is refused
/// (no inpainting here).
/// </summary>
public sealed class Img2ImgApiRequest : GenerationApiRequest
{
    [JsonPropertyName("init_images")]
    public IReadOnlyList<string>? InitImages { get; set; }

    [JsonPropertyName("resize_mode")]
    public int? ResizeMode { get; init; } = 0;

    [JsonPropertyName("image_cfg_scale")]
    public double? ImageCfgScale { get; init; }

    [JsonPropertyName("mask")]
    public string? Mask { get; set; }

    [JsonPropertyName("mask_blur_x")]
    public int? MaskBlurX { get; init; } = 4;

    [JsonPropertyName("mask_blur_y")]
    public int? MaskBlurY { get; init; } = 4;

    [JsonPropertyName("mask_blur")]
    public int? MaskBlur { get; init; }

    [JsonPropertyName("mask_round")]
    public bool? MaskRound { get; init; } = true;

    [JsonPropertyName("inpainting_fill")]
    public int? InpaintingFill { get; init; } = 0;

    [JsonPropertyName("inpaint_full_res")]
    public bool? InpaintFullRes { get; init; } = true;

    [JsonPropertyName("inpaint_full_res_padding")]
    public int? InpaintFullResPadding { get; init; } = 0;

    [JsonPropertyName("inpainting_mask_invert")]
    public int? InpaintingMaskInvert { get; init; } = 0;

    [JsonPropertyName("initial_noise_multiplier")]
    public double? InitialNoiseMultiplier { get; init; }

    [JsonPropertyName("latent_mask")]
    public string? LatentMask { get; init; }

    [JsonPropertyName("include_init_images")]
    public bool? IncludeInitImages { get; init; } = false;
}
