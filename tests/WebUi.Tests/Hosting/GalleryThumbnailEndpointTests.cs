using Engine.Imaging;
using LiteDB;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WebUi.Data;
using WebUi.Hosting;

namespace WebUi.Tests.Hosting;

/// <summary><c>/gallery/thumb/{id}</c>: JPEG thumbnails, PNG ones of older databases, and when a browser may keep them.</summary>
public sealed class GalleryThumbnailEndpointTests : IDisposable
{
    private static readonly DateTime s_createdAt = new(2025, 1, 31, 12, 0, 0, 123, DateTimeKind.Utc);

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("webui-thumb-");

    private string Data => Path.Combine(_temp.FullName, "data");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task Thumbnail_NewRecord_IsJpegAndCachedForGoodAtItsVersionedAddress()
    {
        var jpeg = Thumbnails.EncodeJpeg(RgbImage.Filled(256, 256, 200, 40, 40));
        using var store = new LiteDbGalleryStore(Data);
        var item = store.Find(store.Add(Item(), jpeg))!;
        var url = GalleryFileEndpoints.ThumbnailUrl(item);

        var response = await GetAsync(store, url);

        Assert.Equal(ThumbnailMediaType.Jpeg, response.ContentType);
        Assert.Equal(GalleryFileEndpoints.ImmutableCacheControl, response.CacheControl);
        Assert.Equal(jpeg, response.Body);
    }

    [Fact]
    public async Task Thumbnail_PngStoredByAnOlderVersion_IsServedAsPng()
    {
        var png = PngWriter.Encode(RgbImage.Filled(256, 256, 0, 0, 255));
        int id;
        using (var store = new LiteDbGalleryStore(Data))
        {
            id = store.Add(Item());
        }

        // The document an older version wrote: the thumbnail's PNG bytes in a field named "Png".
        using (var db = new LiteDatabase(Path.Combine(Data, LiteDbGalleryStore.FileName)))
        {
            db.GetCollection("thumbnails").Insert(new BsonDocument { ["_id"] = id, ["Png"] = png });
        }

        using (var store = new LiteDbGalleryStore(Data))
        {
            var response = await GetAsync(store, GalleryFileEndpoints.ThumbnailUrl(store.Find(id)!));

            Assert.Equal(ThumbnailMediaType.Png, response.ContentType);
            Assert.Equal(png, response.Body);
        }
    }

    [Fact]
    public async Task Thumbnail_WithoutOrWithAStaleVersion_MustBeRevalidated()
    {
        using var store = new LiteDbGalleryStore(Data);
        var id = store.Add(Item(), Thumbnails.EncodeJpeg(RgbImage.Filled(64, 64, 1, 2, 3)));

        Assert.Equal("no-cache", (await GetAsync(store, $"gallery/thumb/{id}")).CacheControl);
        Assert.Equal("no-cache", (await GetAsync(store, $"gallery/thumb/{id}?v=1")).CacheControl);
    }

    [Fact]
    public async Task Thumbnail_NoSuchRecord_IsNotFound()
    {
        using var store = new LiteDbGalleryStore(Data);

        Assert.Equal(StatusCodes.Status404NotFound, (await GetAsync(store, "gallery/thumb/7?v=1")).StatusCode);
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38 }, "application/octet-stream")]
    [InlineData(new byte[0], "application/octet-stream")]
    public void MediaType_IsReadFromTheSignature(byte[] bytes, string expected) => Assert.Equal(expected, ThumbnailMediaType.Of(bytes));

    private static GalleryItem Item() => new() { Prompt = "red", RelativePath = "outputs/txt2img-images/00001-1.png", CreatedAt = s_createdAt };

    /// <summary>Runs the endpoint's handler for <paramref name="url"/> (relative, as the page writes it) and executes its result.</summary>
    private static async Task<(int StatusCode, string? ContentType, string? CacheControl, byte[] Body)> GetAsync(IGalleryStore store, string url)
    {
        var uri = new Uri(new Uri("http://localhost/"), url);
        var id = int.Parse(uri.Segments[^1], System.Globalization.CultureInfo.InvariantCulture);
        var version = System.Web.HttpUtility.ParseQueryString(uri.Query)["v"];
        using var body = new MemoryStream();
        using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = body;

        var result = GalleryFileEndpoints.ServeThumbnail(id, version, context.Response, store);
        await result.ExecuteAsync(context);

        return (context.Response.StatusCode, context.Response.ContentType, context.Response.Headers.CacheControl, body.ToArray());
    }
}
