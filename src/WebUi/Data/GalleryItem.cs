namespace WebUi.Data;

/// <summary>
/// One saved image as the gallery records it: where the PNG is, every parameter of the request, the model, timings; the
/// thumbnail is stored beside it. Stored in LiteDB (<c>images</c> collection); the PNG on disk is the original, the record an index.
/// </summary>
public sealed class GalleryItem
{
    public int Id { get; set; }

    /// <summary>The PNG's path under the data folder, '/' separators (e.g. <c>outputs/txt2img-images/2025-01-31/00012-42.png</c>).</summary>
    public string RelativePath { get; set; } = "";

    /// <summary>"txt2img" or "img2img".</summary>
    public string Mode { get; set; } = "txt2img";

    public string Prompt { get; set; } = "";

    public string NegativePrompt { get; set; } = "";

    /// <summary>Lower-cased prompt and negative prompt, for word search.</summary>
    public string SearchText { get; set; } = "";

    public string SamplerName { get; set; } = "";

    /// <summary>The schedule type's A1111 label ("Automatic", "Karras", ...).</summary>
    public string ScheduleType { get; set; } = "Automatic";

    public int Steps { get; set; }

    public double CfgScale { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public long Seed { get; set; }

    public long Subseed { get; set; }

    public double SubseedStrength { get; set; }

    public int SeedResizeFromWidth { get; set; }

    public int SeedResizeFromHeight { get; set; }

    public int BatchSize { get; set; } = 1;

    public int BatchCount { get; set; } = 1;

    /// <summary>The batch the image came from.</summary>
    public int BatchIndex { get; set; }

    /// <summary>img2img only.</summary>
    public double? DenoisingStrength { get; set; }

    /// <summary>img2img only: the resize mode's name.</summary>
    public string? ResizeMode { get; set; }

    /// <summary>"GPU", "CPU" or "NV".</summary>
    public string RngSource { get; set; } = "GPU";

    public long EtaNoiseSeedDelta { get; set; }

    public string Emphasis { get; set; } = "Original";

    public string ModelId { get; set; } = "";

    /// <summary>A1111's parameters text, as written into the PNG.</summary>
    public string Infotext { get; set; } = "";

    /// <summary>True when the job was interrupted before this image was finished.</summary>
    public bool IsPartial { get; set; }

    /// <summary>Wall time of the whole job, in milliseconds (0 when unknown, e.g. rebuilt records).</summary>
    public double TotalMilliseconds { get; set; }

    /// <summary>Wall time in the samplers, in milliseconds.</summary>
    public double SamplingMilliseconds { get; set; }

    public double PerStepMilliseconds { get; set; }

    /// <summary>When the image was saved (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    public bool IsFavourite { get; set; }

    /// <summary>True when a thumbnail is stored (<see cref="IGalleryStore.GetThumbnail"/>); kept apart so searches never read image bytes.</summary>
    public bool HasThumbnail { get; set; }

    /// <summary>True when the record was recreated from the PNG's infotext by <see cref="GalleryRebuilder"/>.</summary>
    public bool Rebuilt { get; set; }
}
