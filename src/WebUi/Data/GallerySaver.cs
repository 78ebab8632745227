using WebUi.Infotext;
using Engine.Imaging;
using Engine.Pipelines;
using Engine.Schedulers;
using Microsoft.Extensions.Options;
using WebUi.Services;

namespace WebUi.Data;

/// <summary>
/// The queue's completion step: each finished image is written to disk (atomically) and only then recorded in the
/// gallery with a thumbnail, so a crash leaves at most an unrecorded PNG (and a temporary file, deleted at the next
/// start); the job's prompt pair goes into the history.
/// Jobs whose <see cref="GenerationJobOptions.SaveToGallery"/> is false are not saved at all.
/// </summary>
public sealed class GallerySaver : IGenerationResultSink
{
    private readonly IGalleryStore _store;
    private readonly ImageFileWriter _writer;
    private readonly TimeProvider _time;

    public GallerySaver(IGalleryStore store, IOptions<GenerationOptions> options, TimeProvider time, ILogger<GallerySaver> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _writer = new ImageFileWriter(store.DataPath, options.Value.FilenamePattern);
        _time = time;

        // Built once, when the queue starts: the moment to sweep up what a crash in the middle of a write left behind.
        if (ImageFileWriter.DeleteLeftoverTempFiles(store.DataPath) is > 0 and var deleted)
        {
            logger.LogWarning("Deleted {Count} unfinished image file(s) left by an earlier crash", deleted);
        }
    }

    public Task<IReadOnlyList<SavedImage>> SaveAsync(GenerationJob job, GenerationRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(run);
        if (!job.Options.SaveToGallery)
        {
            // API jobs with save_images false (A1111's default): returned to the caller only, nothing on disk.
            return Task.FromResult<IReadOnlyList<SavedImage>>([]);
        }

        return Task.Run<IReadOnlyList<SavedImage>>(() => Save(job.Request, run), cancellationToken);
    }

    /// <summary>Saves every image of <paramref name="run"/>; returns where each went.</summary>
    public IReadOnlyList<SavedImage> Save(GenerationRequest request, GenerationRun run)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(run);
        var saved = new List<SavedImage>();
        var localNow = _time.GetLocalNow().DateTime;
        var utcNow = _time.GetUtcNow().UtcDateTime;
        var indexInBatch = new Dictionary<int, int>();
        foreach (var image in run.Result.Images)
        {
            var index = indexInBatch.GetValueOrDefault(image.BatchIndex);
            indexInBatch[image.BatchIndex] = index + 1;
            var relative = _writer.Write(image, request, run.ModelId, localNow, index);
            var item = GalleryItems.FromRequest(request, image, run.ModelId, relative, utcNow, run.Result.Timings);
            var id = _store.Add(item, Thumbnails.Create(image.Image));
            saved.Add(new SavedImage(id, relative, image.Seed, image.Infotext));
        }

        if (run.Result.Images.Count > 0)
        {
            _store.RecordPrompt(request.Prompt, request.NegativePrompt, utcNow);
        }

        return saved;
    }
}

/// <summary>Builds gallery records from a request or from a PNG's infotext.</summary>
public static class GalleryItems
{
    public static GalleryItem FromRequest(
        GenerationRequest request, GeneratedImage image, string modelId, string relativePath, DateTime createdAtUtc, GenerationTimings timings)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(timings);
        var img2img = request.Mode == GenerationMode.ImageToImage;
        var parsed = InfotextParser.ParseGenerationParameters(image.Infotext);
        return new GalleryItem
        {
            RelativePath = relativePath,
            Mode = img2img ? "img2img" : "txt2img",
            Prompt = request.Prompt,
            NegativePrompt = request.NegativePrompt,
            SamplerName = parsed.GetValueOrDefault("Sampler") ?? request.SamplerName,
            ScheduleType = parsed.GetValueOrDefault("Schedule type") ?? ScheduleTypeNames.Label(request.ScheduleType),
            Steps = request.Steps,
            CfgScale = request.CfgScale,
            Width = image.Image.Width,
            Height = image.Image.Height,
            Seed = image.Seed,
            Subseed = image.Subseed,
            SubseedStrength = request.SubseedStrength,
            SeedResizeFromWidth = request.SeedResizeFromWidth,
            SeedResizeFromHeight = request.SeedResizeFromHeight,
            BatchSize = request.BatchSize,
            BatchCount = request.BatchCount,
            BatchIndex = image.BatchIndex,
            DenoisingStrength = img2img ? request.DenoisingStrength : null,
            ResizeMode = img2img ? request.ResizeMode.ToString() : null,
            RngSource = request.RngSource.ToString().ToUpperInvariant(),
            EtaNoiseSeedDelta = request.EtaNoiseSeedDelta,
            Emphasis = request.Emphasis.ToString(),
            ModelId = modelId,
            Infotext = image.Infotext,
            IsPartial = image.IsPartial,
            TotalMilliseconds = timings.Total.TotalMilliseconds,
            SamplingMilliseconds = timings.Sampling.TotalMilliseconds,
            PerStepMilliseconds = timings.PerStep.TotalMilliseconds,
            CreatedAt = createdAtUtc,
        };
    }

    /// <summary>A record recreated from a PNG's parameters text; fields the text lacks keep A1111's defaults.</summary>
    public static GalleryItem FromInfotext(string infotext, string relativePath, string mode, int width, int height, DateTime createdAtUtc)
    {
        var p = InfotextParser.ParseGenerationParameters(infotext);
        int Int(string key, int fallback) =>
            int.TryParse(p.GetValueOrDefault(key), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : fallback;
        long Long(string key, long fallback) =>
            long.TryParse(p.GetValueOrDefault(key), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : fallback;
        double Double(string key, double fallback) =>
            double.TryParse(p.GetValueOrDefault(key), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : fallback;
        var seed = Long("Seed", -1);
        return new GalleryItem
        {
            RelativePath = relativePath,
            Mode = mode,
            Prompt = p["Prompt"],
            NegativePrompt = p["Negative prompt"],
            SamplerName = p.GetValueOrDefault("Sampler") ?? "",
            ScheduleType = p.GetValueOrDefault("Schedule type") ?? "Automatic",
            Steps = Int("Steps", 0),
            CfgScale = Double("CFG scale", 0),
            Width = Int("Size-1", width),
            Height = Int("Size-2", height),
            Seed = seed,
            Subseed = Long("Variation seed", seed),
            SubseedStrength = Double("Variation seed strength", 0),
            SeedResizeFromWidth = Int("Seed resize from-1", 0),
            SeedResizeFromHeight = Int("Seed resize from-2", 0),
            DenoisingStrength = p.ContainsKey("Denoising strength") ? Double("Denoising strength", 0) : null,
            RngSource = p.GetValueOrDefault("RNG") ?? "GPU",
            EtaNoiseSeedDelta = Long("ENSD", 0),
            Emphasis = p.GetValueOrDefault("Emphasis") ?? "Original",
            ModelId = p.GetValueOrDefault("Model") ?? "",
            Infotext = infotext,
            CreatedAt = createdAtUtc,
            Rebuilt = true,
        };
    }
}
