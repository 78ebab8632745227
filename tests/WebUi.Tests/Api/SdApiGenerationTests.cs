using System.Net;
using System.Text.Json;
using Engine.Imaging;

namespace WebUi.Tests.Api;

/// <summary>txt2img, img2img and png-info over real HTTP: A1111's response shapes, defaults, and gallery saving.</summary>
[Collection(ApiAppCollection.Name)]
public sealed class SdApiGenerationTests(ApiAppFixture app)
{
    private static readonly byte[] s_pngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task Txt2Img_EmptyBody_UsesTheApiDefaultsAndSavesNothing()
    {
        var before = app.SavedPngs().Count;

        var reply = await app.PostAsync("txt2img", "{}");

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        var infotext = Assert.Single(reply.Info.GetProperty("infotexts").EnumerateArray()).GetString()!;
        Assert.Matches(@"^Steps: 50, Sampler: Euler, Schedule type: Automatic, CFG scale: 7, Seed: \d+, Size: 512x512, Model: demo, Version: ", infotext);
        var parameters = reply.Json.GetProperty("parameters");
        Assert.Equal(50, parameters.GetProperty("steps").GetInt32());
        Assert.Equal("Euler", parameters.GetProperty("sampler_index").GetString());
        Assert.Equal(JsonValueKind.Null, parameters.GetProperty("sampler_name").ValueKind);
        Assert.False(parameters.GetProperty("save_images").GetBoolean());
        Assert.True(parameters.GetProperty("override_settings_restore_afterwards").GetBoolean());
        Assert.Equal(before, app.SavedPngs().Count);
    }

    [Fact]
    public async Task Txt2Img_ReturnsA1111ShapeWithPngsCarryingTheInfotext()
    {
        var reply = await app.PostAsync("txt2img", new
        {
            prompt = "赤い円 red circle",
            negative_prompt = "blue",
            steps = 3,
            width = 128,
            height = 96,
            batch_size = 2,
            seed = 1234,
            sampler_name = "Euler a",
            override_settings = new { randn_source = "CPU", eta_noise_seed_delta = 31337 },
        });

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        Assert.Equal(["images", "parameters", "info"], reply.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.String, reply.Json.GetProperty("info").ValueKind);
        var info = reply.Info;
        Assert.Equal([1234L, 1235L], info.GetProperty("all_seeds").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("赤い円 red circle", info.GetProperty("prompt").GetString());
        Assert.Equal("Euler a", info.GetProperty("sampler_name").GetString());
        Assert.Equal("demo", info.GetProperty("sd_model_name").GetString());
        Assert.Equal(0, info.GetProperty("index_of_first_image").GetInt32());
        var infotexts = info.GetProperty("infotexts").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(2, infotexts.Count);
        Assert.Contains("Seed: 1235, Size: 128x96, Model: demo, ENSD: 31337, RNG: CPU", infotexts[1], StringComparison.Ordinal);
        var images = reply.Images;
        Assert.Equal(2, images.Count);
        for (var i = 0; i < images.Count; i++)
        {
            Assert.Equal(s_pngSignature, images[i][..8]);
            Assert.Equal(infotexts[i], PngTextReader.ReadParameters(images[i]));
        }

        var parameters = reply.Json.GetProperty("parameters");
        Assert.Equal("赤い円 red circle", parameters.GetProperty("prompt").GetString());
        Assert.Equal("CPU", parameters.GetProperty("override_settings").GetProperty("randn_source").GetString());
        Assert.Contains("赤い円", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Txt2Img_SendImagesFalse_ReturnsNoImagesButTheInfo()
    {
        var reply = await app.PostAsync("txt2img", new { steps = 1, width = 64, height = 64, send_images = false });

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        Assert.Empty(reply.Images);
        Assert.Single(reply.Info.GetProperty("infotexts").EnumerateArray());
    }

    [Fact]
    public async Task SaveImages_TrueWritesToTheGallery_FalseDoesNot()
    {
        var before = app.SavedPngs();

        var saved = await app.PostAsync("txt2img", new { prompt = "green triangle saved", steps = 2, width = 64, height = 64, save_images = true });
        var afterSaved = app.SavedPngs();
        var notSaved = await app.PostAsync("txt2img", new { prompt = "green triangle not saved", steps = 2, width = 64, height = 64, save_images = false });

        Assert.True(saved.Status == HttpStatusCode.OK, saved.Text);
        Assert.True(notSaved.Status == HttpStatusCode.OK, notSaved.Text);
        var file = Assert.Single(afterSaved.Except(before));
        Assert.Contains("txt2img-images", file, StringComparison.Ordinal);
        Assert.Equal(saved.Info.GetProperty("infotexts")[0].GetString(), PngTextReader.ReadParameters(await File.ReadAllBytesAsync(file)));
        Assert.Equal(afterSaved.Count, app.SavedPngs().Count);
    }

    [Fact]
    public async Task Img2Img_AcceptsPlainAndDataUrlBase64()
    {
        var source = await app.PostAsync("txt2img", new { prompt = "red circle", steps = 2, width = 64, height = 64 });
        var image = source.Json.GetProperty("images")[0].GetString()!;

        foreach (var init in new[] { image, "data:image/png;base64," + image })
        {
            var reply = await app.PostAsync("img2img", new { prompt = "blue square", init_images = new[] { init }, denoising_strength = 0.5, steps = 4, width = 64, height = 64, seed = 5 });

            Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
            var infotext = reply.Info.GetProperty("infotexts")[0].GetString()!;
            Assert.Contains("Steps: 4, Sampler: Euler, Schedule type: Automatic, CFG scale: 7, Seed: 5, Size: 64x64, Model: demo, Denoising strength: 0.5", infotext, StringComparison.Ordinal);
            Assert.Equal(0.5, reply.Info.GetProperty("denoising_strength").GetDouble());
            Assert.Equal(JsonValueKind.Null, reply.Json.GetProperty("parameters").GetProperty("init_images").ValueKind);
            Assert.Equal(infotext, PngTextReader.ReadParameters(Assert.Single(reply.Images)));
        }

        var included = await app.PostAsync("img2img", new { init_images = new[] { image }, steps = 2, width = 64, height = 64, include_init_images = true });
        Assert.Equal(image, included.Json.GetProperty("parameters").GetProperty("init_images")[0].GetString());
    }

    [Fact]
    public async Task PngInfo_ReadsOurOwnOutput()
    {
        var source = await app.PostAsync("txt2img", new { prompt = "yellow star, (glow:1.2)", negative_prompt = "dark", steps = 3, width = 64, height = 64, seed = 77 });
        var image = source.Json.GetProperty("images")[0].GetString()!;
        var infotext = source.Info.GetProperty("infotexts")[0].GetString()!;

        var reply = await app.PostAsync("png-info", new { image = "data:image/png;base64," + image });

        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        Assert.Equal(infotext, reply.Json.GetProperty("info").GetString());
        Assert.Empty(reply.Json.GetProperty("items").EnumerateObject());
        var parameters = reply.Json.GetProperty("parameters");
        Assert.Equal("yellow star, (glow:1.2)", parameters.GetProperty("Prompt").GetString());
        Assert.Equal("dark", parameters.GetProperty("Negative prompt").GetString());
        Assert.Equal("3", parameters.GetProperty("Steps").GetString());
        Assert.Equal("77", parameters.GetProperty("Seed").GetString());
        Assert.Equal("64", parameters.GetProperty("Size-1").GetString());
        Assert.Equal("1", parameters.GetProperty("Clip skip").GetString());
    }

    [Fact]
    public async Task PngInfo_OtherTextChunksAreItemsAndAPlainPngHasNoInfo()
    {
        var withItems = PngWriter.Encode(new RgbImage(8, 8), [new("Software", "test"), new("parameters", "a\nSteps: 1, Sampler: Euler, CFG scale: 7")]);
        var plain = PngWriter.Encode(new RgbImage(8, 8));

        var reply = await app.PostAsync("png-info", new { image = Convert.ToBase64String(withItems) });
        var empty = await app.PostAsync("png-info", new { image = Convert.ToBase64String(plain) });
        var nothing = await app.PostAsync("png-info", new { image = "" });

        Assert.Equal("test", reply.Json.GetProperty("items").GetProperty("Software").GetString());
        Assert.Equal("Euler", reply.Json.GetProperty("parameters").GetProperty("Sampler").GetString());
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Equal("", empty.Json.GetProperty("info").GetString());
        Assert.Equal("", nothing.Json.GetProperty("info").GetString());
    }
}
