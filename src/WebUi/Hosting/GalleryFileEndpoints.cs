using System.Globalization;
using WebUi.Data;

namespace WebUi.Hosting;

/// <summary>
/// Serves saved images and their thumbnails by gallery id. Paths come from the store, never from the URL, and
/// <see cref="GalleryFileGuard"/> serves only PNGs inside the output folder, so a request cannot name an arbitrary file.
/// </summary>
public static class GalleryFileEndpoints
{
    /// <summary>A year, the longest a cache is asked to keep anything.</summary>
    internal const string ImmutableCacheControl = "private, max-age=31536000, immutable";

    /// <summary>
    /// The thumbnail's address, with the record's creation time as a version: a record's thumbnail never changes, but
    /// LiteDB may give a new record the id of a deleted one (or a rebuilt database other ids), so the id alone cannot
    /// be cached for long.
    /// </summary>
    public static string ThumbnailUrl(GalleryItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return string.Create(CultureInfo.InvariantCulture, $"gallery/thumb/{item.Id}?v={ThumbnailVersion(item)}");
    }

    public static IEndpointRouteBuilder MapGalleryFiles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/gallery/file/{id:int}", (int id, IGalleryStore store) =>
        {
            var path = GalleryFileGuard.Resolve(store, store.Find(id));
            return path is not null ? Results.File(path, "image/png", Path.GetFileName(path)) : Results.NotFound();
        });

        endpoints.MapGet("/gallery/thumb/{id:int}", ServeThumbnail);

        return endpoints;
    }

    /// <summary>The stored thumbnail as what its bytes are, or the full PNG when a record has none.</summary>
    internal static IResult ServeThumbnail(int id, string? v, HttpResponse response, IGalleryStore store)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(store);
        if (store.Find(id) is not { } item)
        {
            return Results.NotFound();
        }

        var thumbnail = store.GetThumbnail(id);
        var path = thumbnail is null ? GalleryFileGuard.Resolve(store, item) : null;
        if (thumbnail is null && path is null)
        {
            return Results.NotFound();
        }

        // Only the versioned address may be kept: the same id can name another image later.
        response.Headers.CacheControl = v == ThumbnailVersion(item) ? ImmutableCacheControl : "no-cache";
        return thumbnail is not null ? Results.File(thumbnail, ThumbnailMediaType.Of(thumbnail)) : Results.File(path!, ThumbnailMediaType.Png);
    }

    // LiteDB keeps dates to the millisecond, so a record read back has the version it was given.
    private static string ThumbnailVersion(GalleryItem item) =>
        (item.CreatedAt.Ticks / TimeSpan.TicksPerMillisecond).ToString("x", CultureInfo.InvariantCulture);
}
