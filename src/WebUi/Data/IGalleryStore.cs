namespace WebUi.Data;

/// <summary>The gallery's records and the prompt history. Thread-safe.</summary>
public interface IGalleryStore
{
    /// <summary>The data folder image paths are relative to.</summary>
    string DataPath { get; }

    /// <summary>Records <paramref name="item"/> (its PNG must already be on disk) with an optional thumbnail image; returns its new id.</summary>
    int Add(GalleryItem item, byte[]? thumbnail = null);

    /// <summary>The thumbnail of record <paramref name="id"/> (JPEG, or PNG in older databases: <see cref="ThumbnailMediaType"/>), or null.</summary>
    byte[]? GetThumbnail(int id);

    /// <summary>The absolute path of a record's PNG (inside the data folder).</summary>
    string FullPath(GalleryItem item);

    GalleryItem? Find(int id);

    /// <summary>True when a record points at <paramref name="relativePath"/>.</summary>
    bool ContainsPath(string relativePath);

    GalleryPage Query(GalleryQuery query);

    /// <summary>Every record.</summary>
    int Count();

    /// <summary>Flips the favourite flag; returns the new value, or null when there is no such record.</summary>
    bool? ToggleFavourite(int id);

    /// <summary>Deletes the record, then its PNG; false when there is no such record.</summary>
    bool Delete(int id);

    /// <summary>Counts one more use of the prompt pair.</summary>
    void RecordPrompt(string prompt, string negativePrompt, DateTime usedAt);

    /// <summary>Prompt pairs, last used first.</summary>
    IReadOnlyList<PromptHistoryEntry> RecentPrompts(int take);

    /// <summary>Prompt pairs, most used first.</summary>
    IReadOnlyList<PromptHistoryEntry> MostUsedPrompts(int take);

    /// <summary>Prompt pairs containing every word of <paramref name="text"/>, last used first.</summary>
    IReadOnlyList<PromptHistoryEntry> SearchPrompts(string text, int take);
}
