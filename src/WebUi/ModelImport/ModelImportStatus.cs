namespace WebUi.ModelImport;

/// <summary>A snapshot of one import, as subscribers and the page see it; a new snapshot replaces it on every change.</summary>
public sealed record ModelImportStatus
{
    /// <summary>Identifies the import among snapshots.</summary>
    public required string Id { get; init; }

    /// <summary>The new model's name.</summary>
    public required string Name { get; init; }

    /// <summary>What is imported: the source path, or <c>owner/name@revision</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Who started it (a login or browser id, or <c>command line</c>).</summary>
    public required string StartedBy { get; init; }

    public ModelImportState State { get; init; }

    /// <summary>The file being downloaded, or the component being converted (<c>unet</c>, ...).</summary>
    public string? Component { get; init; }

    /// <summary>What the component's conversion is doing (<c>weights</c>, <c>writing</c>, <c>done</c>).</summary>
    public string? Stage { get; init; }

    /// <summary>0 to 1 over the current phase (the download, then the conversion).</summary>
    public double Fraction { get; init; }

    /// <summary>Bytes downloaded so far (downloads only).</summary>
    public long BytesDone { get; init; }

    /// <summary>Bytes to download in all (downloads only; 0 while unknown).</summary>
    public long BytesTotal { get; init; }

    /// <summary>Time left in the current phase, estimated from its pace so far; null until there is a pace.</summary>
    public TimeSpan? Eta { get; init; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>True once it succeeded, failed or was cancelled.</summary>
    public bool IsFinished => State is ModelImportState.Succeeded or ModelImportState.Failed or ModelImportState.Cancelled;
}
