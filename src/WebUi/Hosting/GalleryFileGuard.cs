using WebUi.Data;

namespace WebUi.Hosting;

/// <summary>
/// Decides which file a gallery record may serve: a <c>.png</c> inside <c>&lt;data&gt;/outputs</c>, where the app writes
/// every image, and not a link leading out of it. Records are only written by the app, but the database and the folder
/// are files a user can edit, and the data folder also holds the database and the keys that sign login cookies.
/// </summary>
public static class GalleryFileGuard
{
    /// <summary>The full path to serve for <paramref name="item"/>, or null when it must not be served or does not exist.</summary>
    public static string? Resolve(IGalleryStore store, GalleryItem? item)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (item is null)
        {
            return null;
        }

        string path;
        try
        {
            path = store.FullPath(item);
        }
        catch (InvalidOperationException)
        {
            return null; // The record points outside the data folder.
        }

        var outputs = Path.GetFullPath(Path.Combine(store.DataPath, "outputs")) + Path.DirectorySeparatorChar;
        if (!path.StartsWith(outputs, StringComparison.Ordinal)
            || !string.Equals(Path.GetExtension(path), ".png", StringComparison.OrdinalIgnoreCase)
            || !File.Exists(path))
        {
            return null;
        }

        var target = File.ResolveLinkTarget(path, returnFinalTarget: true);
        return target is null || target.FullName.StartsWith(outputs, StringComparison.Ordinal) ? path : null;
    }

    /// <summary>
    /// The bytes of the PNG <see cref="Resolve"/> allows for <paramref name="item"/>, or null when it must not be served
    /// or does not exist (for the pages' "Send to img2img"). An I/O error while reading is thrown.
    /// </summary>
    public static async Task<byte[]?> ReadPngAsync(IGalleryStore store, GalleryItem? item, CancellationToken cancellationToken = default) =>
        Resolve(store, item) is { } path ? await File.ReadAllBytesAsync(path, cancellationToken) : null;
}
