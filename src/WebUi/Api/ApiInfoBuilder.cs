using System.Globalization;
using System.Text.Json;
using Engine.Pipelines;
using WebUi.Infotext;

namespace WebUi.Api;

/// <summary>
/// A1111's <c>info</c> string (modules/processing.py <c>Processed.js</c>): a JSON object, serialised to a string, with
/// the job's prompts, seeds, size, sampler, model, per-image infotexts and the rest, keys in A1111's order.
/// </summary>
public static class ApiInfoBuilder
{
    // Infotext keys A1111 writes from the fixed fields of create_infotext; the others come from extra_generation_params.
    private static readonly HashSet<string> s_fixedKeys = new(StringComparer.Ordinal)
    {
        "Steps", "Sampler", "CFG scale", "Image CFG scale", "Seed", "Face restoration", "Size-1", "Size-2", "Model hash", "Model",
        "VAE hash", "VAE", "Variation seed", "Variation seed strength", "Seed resize from-1", "Seed resize from-2",
        "Denoising strength", "Clip skip", "ENSD", "RNG", "Tiling", "Version", "User",
    };

    /// <summary>The info JSON string for a finished job.</summary>
    /// <param name="request">The engine request the job ran.</param>
    /// <param name="body">The API request (for styles).</param>
    /// <param name="result">What the pipeline produced.</param>
    /// <param name="modelName">The model it ran on.</param>
    /// <param name="startedAt">When it started, for <c>job_timestamp</c>.</param>
    public static string Build(GenerationRequest request, GenerationApiRequest body, GenerationResult result, string modelName, DateTimeOffset startedAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(result);
        var images = result.Images;
        var infotexts = images.Select(i => i.Infotext).ToList();
        var first = infotexts.Count > 0 ? InfotextParser.Parse(infotexts[0]) : null;
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        if (first is not null)
        {
            foreach (var (key, value) in first.Fields.Where(f => !s_fixedKeys.Contains(f.Key)))
            {
                extra[key] = value;
            }
        }

        var seeds = images.Select(i => i.Seed).ToList();
        var subseeds = images.Select(i => i.Subseed).ToList();
        var info = new Dictionary<string, object?>
        {
            ["prompt"] = request.Prompt,
            ["all_prompts"] = Enumerable.Repeat(request.Prompt, images.Count).ToList(),
            ["negative_prompt"] = request.NegativePrompt,
            ["all_negative_prompts"] = Enumerable.Repeat(request.NegativePrompt, images.Count).ToList(),
            ["seed"] = seeds.Count > 0 ? seeds[0] : request.Seed,
            ["all_seeds"] = seeds,
            ["subseed"] = subseeds.Count > 0 ? subseeds[0] : request.Subseed,
            ["all_subseeds"] = subseeds,
            ["subseed_strength"] = request.SubseedStrength,
            ["width"] = request.Width,
            ["height"] = request.Height,
            ["sampler_name"] = first?.Sampler ?? request.SamplerName,
            ["cfg_scale"] = request.CfgScale,
            ["steps"] = request.Steps,
            ["batch_size"] = request.BatchSize,
            ["restore_faces"] = false,
            ["face_restoration_model"] = null,
            ["sd_model_name"] = modelName,
            ["sd_model_hash"] = null,
            ["sd_vae_name"] = null,
            ["sd_vae_hash"] = null,
            ["seed_resize_from_w"] = request.SeedResizeFromWidth,
            ["seed_resize_from_h"] = request.SeedResizeFromHeight,
            ["denoising_strength"] = request.DenoisingStrength,
            ["extra_generation_params"] = extra,
            ["index_of_first_image"] = 0,
            ["infotexts"] = infotexts,
            ["styles"] = body.Styles ?? [],
            ["job_timestamp"] = startedAt.ToLocalTime().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
            ["clip_skip"] = 1,
            ["is_using_inpainting_conditioning"] = false,
            ["version"] = first?["Version"] ?? new GenerationPipelineOptions().Version,
        };

        // Python's json.dumps escapes non-ASCII by default, so does the default encoder here.
        return JsonSerializer.Serialize(info);
    }
}
