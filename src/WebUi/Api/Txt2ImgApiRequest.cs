using System.Text.Json.Serialization;

namespace WebUi.Api;

/// <summary>
/// <c>POST /sdapi/v1/txt2img</c> (A1111's <c>StableDiffusionTxt2ImgProcessingAPI</c>). The hires-fix fields are read and
/// echoed; asking for hires fix is refused, since this engine has no second pass.
/// </summary>
public class Txt2ImgApiRequest : GenerationApiRequest
{
    [JsonPropertyOrder(1)]
    [JsonPropertyName("enable_hr")]
    public bool? EnableHr { get; init; } = false;

    [JsonPropertyOrder(1)]
    [JsonPropertyName("firstphase_width")]
    public int? FirstphaseWidth { get; init; } = 0;

    [JsonPropertyOrder(1)]
    [JsonPropertyName("firstphase_height")]
    public int? FirstphaseHeight { get; init; } = 0;

    [JsonPropertyOrder(1)]
    [JsonPropertyName("hr_scale")]
    public double? HrScale { get; init; } = 2.0;

    [JsonPropertyOrder(1)]
    [JsonPropertyName("hr_upscaler")]
    public string? HrUpscaler { get; init; }

    [JsonPropertyOrder(1)]
    [JsonPropertyName("hr_second_pass_steps")]
    public int? HrSecondPassSteps { get; init; } = 0;

    [JsonPropertyOrder(1)]
    [JsonPropertyName("hr_resize_x")]
    public int? HrResizeX { get; init; } = 0;

    [JsonPropertyOrder(1)]
    [JsonPropertyName("hr_resize_y")]
    public int? HrResizeY { get; init; } = 0;

    [JsonPropertyOrder(1)]
    [JsonPropertyName("hr_checkpoint_name")]
    public string? HrCheckpointName { get; init; }

    [JsonPropertyOrder(1)]
    [JsonPropertyName("hr_sampler_name")]
    public string? HrSamplerName { get; init; }

    [JsonPropertyOrder(1)]
    [JsonPropertyName("hr_scheduler")]
    public string? HrScheduler { get; init; }

    [JsonPropertyOrder(1)]
    [JsonPropertyName("hr_prompt")]
    public string? HrPrompt { get; init; } = "";

    [JsonPropertyOrder(1)]
    [JsonPropertyName("hr_negative_prompt")]
    public string? HrNegativePrompt { get; init; } = "";
}
