using System.Net;
using System.Text.Json;
using Engine.Imaging;

namespace WebUi.Tests.Api;

/// <summary>
/// A first batch of hostile and mistaken requests: each gets a 4xx in A1111's error shape naming the field, never a
/// 500, nothing reaches the gallery, and the app keeps serving.
/// </summary>
[Collection(ApiAppCollection.Name)]
public sealed class SdApiBadInputTests(ApiAppFixture app)
{
    private static readonly string s_png = Convert.ToBase64String(PngWriter.Encode(new RgbImage(16, 16), [new("parameters", "x\nSteps: 1, Sampler: Euler, CFG scale: 7")]));

    public static TheoryData<string, string, int, string> Cases()
    {
        var truncated = s_png[..(s_png.Length / 2 / 4 * 4)];
        var bigHeader = Convert.ToBase64String(BigPngHeader());
        return new TheoryData<string, string, int, string>
        {
            { "txt2img", """{"steps":"abc"}""", 422, "steps" },
            { "txt2img", """{"steps":0}""", 422, "steps" },
            { "txt2img", """{"steps":-5}""", 422, "steps" },
            { "txt2img", """{"steps":100000}""", 422, "steps" },
            { "txt2img", """{"steps":1e300}""", 422, "steps" },
            { "txt2img", """{"width":-64}""", 422, "width" },
            { "txt2img", """{"width":100000,"height":100000}""", 422, "width" },
            { "txt2img", """{"width":2048,"height":2048}""", 422, "width" },
            { "txt2img", """{"height":65}""", 422, "height" },
            { "txt2img", """{"cfg_scale":"NaN"}""", 422, "cfg_scale" },
            { "txt2img", """{"cfg_scale":"Infinity"}""", 422, "cfg_scale" },
            { "txt2img", """{"cfg_scale":NaN}""", 422, "cfg_scale" },
            { "txt2img", """{"cfg_scale":-1}""", 422, "cfg_scale" },
            { "txt2img", """{"seed":"seven"}""", 422, "seed" },
            { "txt2img", """{"seed":-7}""", 422, "seed" },
            { "txt2img", """{"batch_size":64}""", 422, "batch_size" },
            { "txt2img", """{"n_iter":0}""", 422, "n_iter" },
            { "txt2img", """{"subseed_strength":2}""", 422, "subseed_strength" },
            { "txt2img", """{"prompt":{"a":1}}""", 422, "prompt" },
            { "txt2img", """{"save_images":2}""", 422, "save_images" },
            { "txt2img", """{"sampler_name":[1]}""", 422, "sampler_name" },
            { "txt2img", """{"eta":-1}""", 422, "eta" },
            { "txt2img", """{"enable_hr":true}""", 422, "enable_hr" },
            { "txt2img", """{"script_name":"x/y/z plot"}""", 422, "script_name" },
            { "txt2img", """{"override_settings":{"randn_source":"XYZ"}}""", 422, "randn_source" },
            { "txt2img", """{"override_settings":{"CLIP_stop_at_last_layers":2}}""", 422, "CLIP_stop_at_last_layers" },
            { "txt2img", """{"override_settings":{"sd_model_checkpoint":"missing"}}""", 422, "sd_model_checkpoint" },
            { "txt2img", """{"override_settings":[1,2]}""", 422, "override_settings" },
            { "txt2img", """[]""", 422, "body" },
            { "txt2img", "", 422, "body" },
            { "txt2img", """{"steps":""", 422, "steps" },
            { "txt2img", "{" + new string('[', 100) + "}", 422, "" },
            { "img2img", "{}", 404, "Init image not found" },
            { "img2img", """{"init_images":[]}""", 404, "Init image not found" },
            { "img2img", """{"init_images":["%%% not base64 %%%"]}""", 422, "init_images[0]" },
            { "img2img", """{"init_images":["data:image/png;base64,AAAA"]}""", 422, "init_images[0]" },
            { "img2img", """{"init_images":["aGVsbG8gd29ybGQ="]}""", 422, "init_images[0]" },
            { "img2img", $$"""{"init_images":["{{truncated}}"]}""", 422, "init_images[0]" },
            { "img2img", $$"""{"init_images":["{{bigHeader}}"]}""", 422, "init_images[0]" },
            { "img2img", $$"""{"init_images":["{{s_png}}"],"denoising_strength":0}""", 422, "denoising_strength" },
            { "img2img", $$"""{"init_images":["{{s_png}}"],"resize_mode":9}""", 422, "resize_mode" },
            { "img2img", $$"""{"init_images":["{{s_png}}"],"mask":"{{s_png}}"}""", 422, "mask" },
            { "png-info", """{"image":"!!!"}""", 422, "image" },
            { "png-info", """{"image":"aGVsbG8="}""", 422, "image" },
            { "png-info", """{"image":5}""", 422, "image" },
            { "options", """{"sd_model_checkpoint":"nope"}""", 422, "sd_model_checkpoint" },
            { "options", """{"eta_noise_seed_delta":-5}""", 422, "eta_noise_seed_delta" },
            { "options", """{"CLIP_stop_at_last_layers":"two"}""", 422, "CLIP_stop_at_last_layers" },
            { "options", """[]""", 422, "body" },
            { "no-such-endpoint", "{}", 404, "Not Found" },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadRequest_Is4xxInA1111ShapeNamingTheField(string path, string body, int status, string mention)
    {
        var before = app.SavedPngs().Count;

        var reply = await app.PostAsync(path, body);

        Assert.True((int)reply.Status == status, $"{(int)reply.Status}: {reply.Text}");
        if (status >= 400)
        {
            Assert.Equal(JsonValueKind.Object, reply.Json.ValueKind);
            Assert.Equal(["error", "detail", "body", "errors"], reply.Json.EnumerateObject().Select(p => p.Name));
            Assert.Contains(mention, reply.Json.GetProperty("errors").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, app.SavedPngs().Count);
        var health = await app.GetAsync("progress");
        Assert.Equal(HttpStatusCode.OK, health.Status);
    }

    [Theory]
    [InlineData("txt2img", 405, "Method Not Allowed")]
    [InlineData("png-info", 405, "Method Not Allowed")]
    [InlineData("nothing/here", 404, "Not Found")]
    public async Task WrongMethodOrPath_IsJsonNotAnHtmlPage(string path, int status, string detail)
    {
        var reply = await app.GetAsync(path);

        Assert.True((int)reply.Status == status, $"{(int)reply.Status}: {reply.Text}");
        Assert.Equal(detail, reply.Json.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("progress?skip_current_image=maybe", 422, "skip_current_image")]
    [InlineData("progress?skip_current_image=1", 200, "")]
    [InlineData("progress?skip_current_image=false", 200, "")]
    public async Task ProgressQuery_IsReadAsA1111Does(string pathAndQuery, int status, string mention)
    {
        var reply = await app.GetAsync(pathAndQuery);

        Assert.True((int)reply.Status == status, $"{(int)reply.Status}: {reply.Text}");
        Assert.Contains(mention, reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterBadRequests_TheAppStillGenerates()
    {
        foreach (var (path, body, _, _) in Cases().Select(c => ((string)c[0], (string)c[1], (int)c[2], (string)c[3])).Take(10))
        {
            await app.PostAsync(path, body);
        }

        var reply = await app.PostAsync("txt2img", new { steps = 1, width = 64, height = 64 });

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        Assert.Single(reply.Images);
    }

    // A PNG whose header claims 100000×100000 pixels: refused from the header, before any pixel is decoded.
    private static byte[] BigPngHeader()
    {
        var png = PngWriter.Encode(new RgbImage(1, 1));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 100_000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 100_000);
        var crc = TestPngs.Crc32(png.AsSpan(12, 17));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), crc);
        return png;
    }
}
