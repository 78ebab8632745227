using System.Text.Json.Serialization;
using Engine.Pipelines;
using Engine.Schedulers;

namespace WebUi.Hubs;

/// <summary>
/// A txt2img job as a hub client sends it, with A1111's <c>/sdapi/v1/txt2img</c> field names and API defaults (steps
/// 50, sampler Euler). Fields A1111 has but the engine does not (hires fix, scripts, ...) are not accepted here.
/// </summary>
public sealed record HubTxt2ImgRequest
{
    [JsonPropertyName("prompt")] public string Prompt { get; init; } = "";

    [JsonPropertyName("negative_prompt")] public string NegativePrompt { get; init; } = "";

    /// <summary>Unknown names fall back the way A1111's do (the engine's sampler catalog resolves them).</summary>
    [JsonPropertyName("sampler_name")] public string? SamplerName { get; init; }

    /// <summary>A1111's scheduler label or name ("Karras", "karras"); null or unknown is Automatic.</summary>
    [JsonPropertyName("scheduler")] public string? Scheduler { get; init; }

    [JsonPropertyName("steps")] public int Steps { get; init; } = 50;

    [JsonPropertyName("cfg_scale")] public double CfgScale { get; init; } = 7;

    [JsonPropertyName("width")] public int Width { get; init; } = 512;

    [JsonPropertyName("height")] public int Height { get; init; } = 512;

    [JsonPropertyName("seed")] public long Seed { get; init; } = -1;

    [JsonPropertyName("subseed")] public long Subseed { get; init; } = -1;

    [JsonPropertyName("subseed_strength")] public double SubseedStrength { get; init; }

    [JsonPropertyName("seed_resize_from_w")] public int SeedResizeFromWidth { get; init; } = -1;

    [JsonPropertyName("seed_resize_from_h")] public int SeedResizeFromHeight { get; init; } = -1;

    [JsonPropertyName("batch_size")] public int BatchSize { get; init; } = 1;

    [JsonPropertyName("n_iter")] public int BatchCount { get; init; } = 1;

    /// <summary>Send a live preview every N steps (0 = none).</summary>
    [JsonPropertyName("preview_every_n_steps")] public int PreviewEveryNSteps { get; init; }

    /// <summary>The engine's request; <see cref="GenerationRequest.Validate"/> still checks every range.</summary>
    public GenerationRequest ToGenerationRequest() => new()
    {
        Mode = GenerationMode.TextToImage,
        Prompt = Prompt ?? "",
        NegativePrompt = NegativePrompt ?? "",
        SamplerName = string.IsNullOrWhiteSpace(SamplerName) ? "Euler" : SamplerName,
        ScheduleType = ParseSchedule(Scheduler),
        Steps = Steps,
        CfgScale = CfgScale,
        Width = Width,
        Height = Height,
        Seed = Seed,
        Subseed = Subseed,
        SubseedStrength = SubseedStrength,
        SeedResizeFromWidth = Math.Max(0, SeedResizeFromWidth),
        SeedResizeFromHeight = Math.Max(0, SeedResizeFromHeight),
        BatchSize = BatchSize,
        BatchCount = BatchCount,
        PreviewInterval = PreviewEveryNSteps,
    };

    private static ScheduleType ParseSchedule(string? scheduler)
    {
        if (string.IsNullOrWhiteSpace(scheduler))
        {
            return ScheduleType.Automatic;
        }

        var compact = scheduler.Replace(" ", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return Enum.TryParse<ScheduleType>(compact, ignoreCase: true, out var type) && Enum.IsDefined(type) ? type : ScheduleType.Automatic;
    }
}
