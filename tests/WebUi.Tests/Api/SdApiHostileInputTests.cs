using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace WebUi.Tests.Api;

/// <summary>
/// The bad-input corpus beyond field mistakes (<see cref="SdApiBadInputTests"/>): 10 MB prompts, decompression bombs
/// and headers claiming huge images as img2img init images, and paths in the gallery's file routes. Each is a 4xx with
/// a message, nothing reaches the gallery, and the app still generates afterwards.
/// </summary>
[Collection(ApiAppCollection.Name)]
public sealed class SdApiHostileInputTests(ApiAppFixture app)
{
    private const int TenMegabytes = 10 * 1024 * 1024;

    [Theory]
    [InlineData("prompt", "a")]
    [InlineData("negative_prompt", "あ")]
    public async Task TenMegabytePrompt_Is422SayingTheBound(string field, string letter)
    {
        var before = app.SavedPngs().Count;
        var body = JsonSerializer.Serialize(new Dictionary<string, object> { [field] = string.Concat(Enumerable.Repeat(letter, TenMegabytes / letter.Length)), ["steps"] = 1 });

        var reply = await app.PostAsync("txt2img", body);

        Assert.True(reply.Status == HttpStatusCode.UnprocessableEntity, $"{(int)reply.Status}: {reply.Text[..Math.Min(500, reply.Text.Length)]}");
        var detail = Assert.Single(reply.Json.GetProperty("detail").EnumerateArray());
        Assert.Equal(["body", field], detail.GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("at most 20000 characters", detail.GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.True(reply.Text.Length < 10_000, "the refusal does not echo the prompt");
        await AssertHealthyAsync(before);
    }

    [Fact]
    public async Task InitImage_CompressibleIdatBehindAHugeHeader_Is422()
    {
        var before = app.SavedPngs().Count;

        var reply = await app.PostAsync("img2img", new { init_images = new[] { Convert.ToBase64String(TestPngs.ZeroFilled(5000, 5000)) }, steps = 1 });

        Assert.True(reply.Status == HttpStatusCode.UnprocessableEntity, reply.Text);
        Assert.Contains("init_images[0]: The image is 5000x5000", reply.Json.GetProperty("errors").GetString(), StringComparison.Ordinal);
        await AssertHealthyAsync(before);
    }

    [Fact]
    public async Task InitImage_JpegClaiming65000Squared_Is422()
    {
        var before = app.SavedPngs().Count;
        using var image = new Image<Rgba32>(8, 8, new Rgba32(200, 10, 10, 255));
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder());
        var jpeg = stream.ToArray();
        var sof = TestPngs.IndexOfJpegMarker(jpeg, 0xC0);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 65_000);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), 65_000);

        var reply = await app.PostAsync("img2img", new { init_images = new[] { "data:image/jpeg;base64," + Convert.ToBase64String(jpeg) }, steps = 1 });

        Assert.True(reply.Status == HttpStatusCode.UnprocessableEntity, reply.Text);
        Assert.Contains("init_images[0]: The image is 65000x65000", reply.Json.GetProperty("errors").GetString(), StringComparison.Ordinal);
        await AssertHealthyAsync(before);
    }

    [Theory]
    [InlineData("/gallery/file/..%2Fgallery.db", 404)]
    [InlineData("/gallery/file/..%5C..%5Cgallery.db", 404)]
    [InlineData("/gallery/file/%2E%2E%2F%2E%2E%2Fkeys%2Fkey.xml", 404)]
    [InlineData("/gallery/thumb/..%2F..%2F..%2F..%2Fetc%2Fpasswd", 404)]
    [InlineData("/gallery/file/1%00.png", 400)] // Kestrel refuses a NUL in the path
    [InlineData("/gallery/file/99999999999999999999", 404)]
    [InlineData("/gallery/thumb/0", 404)]
    [InlineData("/gallery/file/-2147483648", 404)]
    public async Task GalleryRoutes_PathsAndOddIds_Are4xxNeverAFile(string path, int status)
    {
        var before = app.SavedPngs().Count;

        using var response = await app.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.NotEqual("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        await AssertHealthyAsync(before);
    }

    [Fact]
    public async Task AfterHostileRequests_ARealGenerationSucceeds()
    {
        await app.PostAsync("txt2img", JsonSerializer.Serialize(new { prompt = new string('x', TenMegabytes) }));
        await app.PostAsync("img2img", new { init_images = new[] { Convert.ToBase64String(TestPngs.ZeroFilled(5000, 5000)) } });

        var reply = await app.PostAsync("txt2img", new { prompt = "red circle", steps = 2, width = 64, height = 64, seed = 3 });

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        Assert.Equal(3, reply.Info.GetProperty("seed").GetInt64());
        Assert.Single(reply.Images);
    }

    private async Task AssertHealthyAsync(int pngsBefore)
    {
        Assert.Equal(pngsBefore, app.SavedPngs().Count);
        var progress = await app.GetAsync("progress");
        Assert.Equal(HttpStatusCode.OK, progress.Status);
    }
}
