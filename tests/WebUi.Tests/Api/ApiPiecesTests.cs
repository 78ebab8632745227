using System.Text.Json;
using Engine.Imaging;
using Engine.Numerics;
using Engine.Pipelines;
using Microsoft.Extensions.Configuration;
using WebUi.Api;

namespace WebUi.Tests.Api;

/// <summary>The API's smaller rules: model lookup, options, progress arithmetic, info JSON, cmd-flags without secrets.</summary>
public sealed class ApiPiecesTests(DemoModels models) : IClassFixture<DemoModels>
{
    [Theory]
    [InlineData("demo", "demo")]
    [InlineData("demo-b", "demo-b")]
    [InlineData("demo-b [a1b2c3d4e5]", "demo-b")]
    [InlineData("demo-b.safetensors", "demo-b")]
    [InlineData("models/Stable-diffusion/demo-b.ckpt [x]", "demo-b")]
    [InlineData("DEMO-B", "demo-b")]
    [InlineData("-b", "demo-b")]
    [InlineData("dem", "demo")]
    public void ModelLookup_IsA1111sClosestMatch(string requested, string expected) =>
        Assert.Equal(expected, ApiModelResolver.Find(models.All, requested)?.Id);

    [Theory]
    [InlineData("")]
    [InlineData("other")]
    [InlineData("demo-c")]
    public void ModelLookup_UnknownIsNull(string requested) => Assert.Null(ApiModelResolver.Find(models.All, requested));

    [Fact]
    public void Options_ApplyKnownKeysIgnoreUnknownAndNameBadOnes()
    {
        var errors = new List<ApiFieldError>();
        var values = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""
            {"randn_source":"nv","eta_noise_seed_delta":"31337","emphasis":"No norm","img2img_fix_steps":1,"s_tmax":3,
             "show_progress_every_n_steps":2,"whatever":{"a":1},"eta_ddim":"x","sd_model_checkpoint":null}
            """)!;

        var s = ApiOptionsStore.Apply(new ApiSettings(), values, "", errors);

        Assert.Equal(RandomSource.Nv, s.RandnSource);
        Assert.Equal(31337, s.EtaNoiseSeedDelta);
        Assert.Equal(Engine.TextEncoding.EmphasisMode.NoNorm, s.Emphasis);
        Assert.True(s.Img2ImgFixSteps);
        Assert.Equal((3.0, 2), (s.STmax, s.ShowProgressEveryNSteps));
        Assert.Null(s.ModelCheckpoint);
        Assert.Equal("eta_ddim", Assert.Single(errors).Field);
        var shown = ApiOptionsStore.ToOptions(s, "demo");
        Assert.Equal("NV", shown["randn_source"]);
        Assert.Equal("No norm", shown["emphasis"]);
        Assert.Equal("demo", shown[ApiOptionsStore.ModelKey]);
    }

    [Fact]
    public void OptionsStore_DoesNotKeepTheModelKey()
    {
        var store = new ApiOptionsStore();

        store.Set(new ApiSettings { ModelCheckpoint = "demo-b", EtaNoiseSeedDelta = 5 });

        Assert.Null(store.Current.ModelCheckpoint);
        Assert.Equal(5, store.Current.EtaNoiseSeedDelta);
    }

    [Theory]
    [InlineData(0, 0, 0, 0, 0.0)]
    [InlineData(0, 1, 0, 20, 0.01)]
    [InlineData(0, 1, 10, 20, 0.51)]
    [InlineData(1, 2, 10, 20, 0.76)]
    [InlineData(1, 1, 20, 20, 1.0)]
    public void ProgressFraction_IsA1111sFormula(int jobNo, int jobCount, int step, int steps, double expected) =>
        Assert.Equal(expected, ProgressEndpoints.Fraction(jobNo, jobCount, step, steps), 10);

    [Fact]
    public void CommandFlags_ComeFromConfigurationWithoutSecrets()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WebUi:Port"] = "7861",
            ["WebUi:Listen"] = "true",
            ["WebUi:DataPath"] = "data",
            ["WebUi:Auth"] = "user:hunter2",
            ["WebUi:ApiAuth"] = "api:hunter2",
            ["WebUi:Users:0:Password"] = "hunter2",
            ["WebUi:AccessToken"] = "hunter2",
            ["WebUi:ClientSecret"] = "hunter2",
            ["Security:Auth"] = "alice:hunter2",
            ["Security:ApiAuth"] = "bot:hunter2",
            ["Security:Admins"] = "alice",
            ["Engine:ModelsPath"] = "models",
            ["Engine:CudaDeviceId"] = "1",
            ["Logging:LogLevel:Default"] = "Information",
        }).Build();

        var flags = InfoEndpoints.CommandFlags(configuration);

        Assert.Equal(7861L, flags["port"]);
        Assert.Equal(true, flags["listen"]);
        Assert.Equal("models", flags["models_path"]);
        Assert.Equal(1L, flags["cuda_device_id"]);
        Assert.DoesNotContain(flags.Keys, k => k.Contains("log", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(flags.Values, v => v is string s && s.Contains("hunter2", StringComparison.Ordinal));
        Assert.DoesNotContain(flags.Keys, k => k.Contains("auth", StringComparison.OrdinalIgnoreCase) || k.Contains("password", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Info_HasA1111sKeysAndOneInfotextPerImage()
    {
        var request = new GenerationRequest { Prompt = "赤い円", NegativePrompt = "blue", Steps = 3, Width = 64, Height = 64, BatchSize = 2 };
        const string infotext = "赤い円\nNegative prompt: blue\nSteps: 3, Sampler: Euler, Schedule type: Automatic, CFG scale: 7, Seed: 9, Size: 64x64, Model: demo, Version: v1.0.0";
        var result = new GenerationResult(
            [new GeneratedImage(new RgbImage(64, 64), 9, 11, infotext, 0, false), new GeneratedImage(new RgbImage(64, 64), 10, 12, infotext.Replace("Seed: 9", "Seed: 10", StringComparison.Ordinal), 0, false)],
            false, [], new GenerationTimings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 3));

        var text = ApiInfoBuilder.Build(request, new Txt2ImgApiRequest { Styles = ["s"] }, result, "demo", DateTimeOffset.UnixEpoch);
        using var json = JsonDocument.Parse(text);
        var info = json.RootElement;

        string[] keys =
        [
            "prompt", "all_prompts", "negative_prompt", "all_negative_prompts", "seed", "all_seeds", "subseed", "all_subseeds",
            "subseed_strength", "width", "height", "sampler_name", "cfg_scale", "steps", "batch_size", "restore_faces",
            "face_restoration_model", "sd_model_name", "sd_model_hash", "sd_vae_name", "sd_vae_hash", "seed_resize_from_w",
            "seed_resize_from_h", "denoising_strength", "extra_generation_params", "index_of_first_image", "infotexts", "styles",
            "job_timestamp", "clip_skip", "is_using_inpainting_conditioning", "version",
        ];
        Assert.Equal(keys, info.EnumerateObject().Select(p => p.Name));
        Assert.Equal("赤い円", info.GetProperty("prompt").GetString());
        Assert.Contains("\\u", text, StringComparison.Ordinal);
        Assert.Equal([9L, 10L], info.GetProperty("all_seeds").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([11L, 12L], info.GetProperty("all_subseeds").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(2, info.GetProperty("infotexts").GetArrayLength());
        Assert.Equal("Euler", info.GetProperty("sampler_name").GetString());
        Assert.Equal("Automatic", info.GetProperty("extra_generation_params").GetProperty("Schedule type").GetString());
        Assert.False(info.GetProperty("extra_generation_params").TryGetProperty("Steps", out _));
        Assert.Equal("v1.0.0", info.GetProperty("version").GetString());
        Assert.Equal(["s"], info.GetProperty("styles").EnumerateArray().Select(e => e.GetString()));
    }
}
