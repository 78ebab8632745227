namespace WebUi.Data;

/// <summary>A page of the gallery, newest first, with optional filters (all must match).</summary>
public sealed record GalleryQuery
{
    public int Skip { get; init; }

    public int Take { get; init; } = 50;

    /// <summary>Words that must all appear in the prompt or negative prompt (case-insensitive); null or blank = any.</summary>
    public string? Text { get; init; }

    public string? ModelId { get; init; }

    public string? SamplerName { get; init; }

    /// <summary>Created at or after (UTC).</summary>
    public DateTime? From { get; init; }

    /// <summary>Created before (UTC).</summary>
    public DateTime? To { get; init; }

    public bool FavouritesOnly { get; init; }
}

/// <summary>One page of results and how many records match in all.</summary>
public sealed record GalleryPage(IReadOnlyList<GalleryItem> Items, int TotalCount);
