using WebUi.Data;

namespace WebUi.Hosting;

/// <summary>
/// Serves saved images and their thumbnails by gallery id. Paths come from the store, never from the URL, and
/// <see cref="GalleryFileGuard"/> serves only PNGs inside the output folder, so a request cannot name an arbitrary file.
/// </summary>
public static class GalleryFileEndpoints
{
    public static IEndpointRouteBuilder MapGalleryFiles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/gallery/file/{id:int}", (int id, IGalleryStore store) =>
        {
            var path = GalleryFileGuard.Resolve(store, store.Find(id));
            return path is not null ? Results.File(path, "image/png", Path.GetFileName(path)) : Results.NotFound();
        });

        endpoints.MapGet("/gallery/thumb/{id:int}", (int id, IGalleryStore store) =>
        {
            if (store.GetThumbnail(id) is { } thumbnail)
            {
                return Results.File(thumbnail, "image/png");
            }

            var path = GalleryFileGuard.Resolve(store, store.Find(id));
            return path is not null ? Results.File(path, "image/png") : Results.NotFound();
        });

        return endpoints;
    }
}
