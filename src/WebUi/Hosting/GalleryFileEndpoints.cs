using WebUi.Data;

namespace WebUi.Hosting;

/// <summary>
/// Serves saved images and their thumbnails by gallery id. Paths come from the store (which refuses anything outside the
/// data folder), never from the URL, so a request cannot name an arbitrary file.
/// </summary>
public static class GalleryFileEndpoints
{
    public static IEndpointRouteBuilder MapGalleryFiles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/gallery/file/{id:int}", (int id, IGalleryStore store) =>
        {
            var item = store.Find(id);
            var path = item is null ? null : store.FullPath(item);
            return path is not null && File.Exists(path)
                ? Results.File(path, "image/png", Path.GetFileName(path))
                : Results.NotFound();
        });

        endpoints.MapGet("/gallery/thumb/{id:int}", (int id, IGalleryStore store) =>
        {
            if (store.GetThumbnail(id) is { } thumbnail)
            {
                return Results.File(thumbnail, "image/png");
            }

            var item = store.Find(id);
            var path = item is null ? null : store.FullPath(item);
            return path is not null && File.Exists(path) ? Results.File(path, "image/png") : Results.NotFound();
        });

        return endpoints;
    }
}
