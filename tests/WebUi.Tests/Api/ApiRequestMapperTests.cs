using System.Text.Json;
using Engine.Imaging;
using Engine.Numerics;
using Engine.Pipelines;
using Engine.Schedulers;
using WebUi.Api;

namespace WebUi.Tests.Api;

/// <summary>A1111 fields onto the engine's request, without HTTP.</summary>
public sealed class ApiRequestMapperTests(DemoModels models) : IClassFixture<DemoModels>
{
    private static T Body<T>(string json) => JsonSerializer.Deserialize<T>(json, ApiJson.Input)!;

    private ApiJobPlan Map(GenerationApiRequest body, ApiSettings? settings = null) =>
        ApiRequestMapper.Map(body, settings ?? new ApiSettings(), models.All, models.Demo);

    private ApiException Refused(GenerationApiRequest body, ApiSettings? settings = null) =>
        Assert.Throws<ApiException>(() => Map(body, settings));

    private static string Png(int width = 64, int height = 48) => Convert.ToBase64String(PngWriter.Encode(new RgbImage(width, height)));

    [Fact]
    public void EmptyTxt2Img_GetsTheApiDefaultsNotTheUis()
    {
        var plan = Map(Body<Txt2ImgApiRequest>("{}"));

        var r = plan.Request;
        Assert.Equal(GenerationMode.TextToImage, r.Mode);
        Assert.Equal(50, r.Steps);
        Assert.Equal("Euler", r.SamplerName);
        Assert.Equal(ScheduleType.Automatic, r.ScheduleType);
        Assert.Equal(7.0, r.CfgScale);
        Assert.Equal((512, 512), (r.Width, r.Height));
        Assert.Equal((-1L, -1L, 0.0), (r.Seed, r.Subseed, r.SubseedStrength));
        Assert.Equal((1, 1), (r.BatchSize, r.BatchCount));
        Assert.Equal(RandomSource.Gpu, r.RngSource);
        Assert.Equal(10, r.PreviewInterval);
        Assert.Equal(1.0, r.SamplerOptions.EtaAncestral);
        Assert.Equal(double.PositiveInfinity, r.SamplerOptions.STmax);
        Assert.False(plan.JobOptions.SaveToGallery);
        Assert.Null(plan.JobOptions.ModelId);
        Assert.True(plan.SendImages);
        Assert.Same(models.Demo, plan.Model);
    }

    [Fact]
    public void Fields_MapOntoTheRequest()
    {
        var plan = Map(Body<Txt2ImgApiRequest>("""
            {"prompt":"赤い円","negative_prompt":"blue","seed":5,"subseed":6,"subseed_strength":0.25,"seed_resize_from_w":256,
             "seed_resize_from_h":128,"sampler_name":"DPM++ 2M","scheduler":"karras","batch_size":2,"n_iter":3,"steps":12,
             "cfg_scale":4.5,"width":320,"height":256,"eta":0.5,"s_churn":0.1,"s_tmax":5,"save_images":true,"send_images":false}
            """));

        var r = plan.Request;
        Assert.Equal(("赤い円", "blue"), (r.Prompt, r.NegativePrompt));
        Assert.Equal((5L, 6L, 0.25, 256, 128), (r.Seed, r.Subseed, r.SubseedStrength, r.SeedResizeFromWidth, r.SeedResizeFromHeight));
        Assert.Equal(("DPM++ 2M", ScheduleType.Karras), (r.SamplerName, r.ScheduleType));
        Assert.Equal((2, 3, 12, 4.5, 320, 256), (r.BatchSize, r.BatchCount, r.Steps, r.CfgScale, r.Width, r.Height));
        Assert.Equal((0.5, 0.5, 0.1, 5.0), (r.SamplerOptions.EtaAncestral, r.SamplerOptions.EtaDdim, r.SamplerOptions.SChurn, r.SamplerOptions.STmax));
        Assert.True(plan.JobOptions.SaveToGallery);
        Assert.False(plan.SendImages);
    }

    [Theory]
    [InlineData("""{"sampler_name":null,"sampler_index":null}""", "DPM++ 2M")]
    [InlineData("""{"sampler_name":"","sampler_index":"LMS"}""", "LMS")]
    [InlineData("""{"sampler_name":"Euler a","sampler_index":"LMS"}""", "Euler a")]
    [InlineData("""{"sampler_index":"Heun"}""", "Heun")]
    public void SamplerName_FallsBackToSamplerIndexAsA1111(string json, string expected) =>
        Assert.Equal(expected, Map(Body<Txt2ImgApiRequest>(json)).Request.SamplerName);

    [Fact]
    public void UnknownSamplerAndScheduler_AreAcceptedAndFallBackAsA1111()
    {
        var plan = Map(Body<Txt2ImgApiRequest>("""{"sampler_name":"No Such Sampler","scheduler":"no such schedule"}"""));

        Assert.Equal(ScheduleType.Automatic, plan.Request.ScheduleType);
        Assert.Equal("DPM++ 2M", SamplerCatalog.Default.Resolve(plan.Request.SamplerName, plan.Request.ScheduleType, plan.Request.SamplerOptions).Name);
    }

    [Fact]
    public void OverrideSettings_ApplyToThisJob()
    {
        var plan = Map(Body<Txt2ImgApiRequest>("""
            {"override_settings":{"randn_source":"CPU","eta_noise_seed_delta":31337,"CLIP_stop_at_last_layers":1,
             "sd_model_checkpoint":"demo-b [0123456789]","eta_ancestral":0.5,"unknown_option":[1,2]},
             "override_settings_restore_afterwards":false}
            """));

        Assert.Equal(RandomSource.Cpu, plan.Request.RngSource);
        Assert.Equal(31337, plan.Request.EtaNoiseSeedDelta);
        Assert.Equal(0.5, plan.Request.SamplerOptions.EtaAncestral);
        Assert.Equal("demo-b", plan.JobOptions.ModelId);
        Assert.False(plan.JobOptions.RestoreModelAfterwards);
        Assert.Same(models.DemoB, plan.Model);
    }

    [Fact]
    public void StoredOptions_AreTheDefaultsOfEveryJob()
    {
        var plan = Map(Body<Txt2ImgApiRequest>("{}"), new ApiSettings { RandnSource = RandomSource.Nv, EtaNoiseSeedDelta = 7, ShowProgressEveryNSteps = -1 });

        Assert.Equal((RandomSource.Nv, 7L, 0), (plan.Request.RngSource, plan.Request.EtaNoiseSeedDelta, plan.Request.PreviewInterval));
    }

    [Theory]
    [InlineData("""{"steps":0}""", "steps")]
    [InlineData("""{"steps":151}""", "steps")]
    [InlineData("""{"cfg_scale":0}""", "cfg_scale")]
    [InlineData("""{"width":100}""", "width")]
    [InlineData("""{"height":4096}""", "height")]
    [InlineData("""{"batch_size":9}""", "batch_size")]
    [InlineData("""{"n_iter":0}""", "n_iter")]
    [InlineData("""{"seed":-2}""", "seed")]
    [InlineData("""{"subseed_strength":1.5}""", "subseed_strength")]
    [InlineData("""{"eta":-1}""", "eta")]
    [InlineData("""{"s_noise":11}""", "s_noise")]
    [InlineData("""{"enable_hr":true}""", "enable_hr")]
    [InlineData("""{"restore_faces":true}""", "restore_faces")]
    [InlineData("""{"tiling":true}""", "tiling")]
    [InlineData("""{"script_name":"x/y/z plot"}""", "script_name")]
    [InlineData("""{"alwayson_scripts":{"ADetailer":{"args":[]}}}""", "alwayson_scripts")]
    [InlineData("""{"override_settings":{"CLIP_stop_at_last_layers":2}}""", "override_settings.CLIP_stop_at_last_layers")]
    [InlineData("""{"override_settings":{"randn_source":"TPU"}}""", "override_settings.randn_source")]
    [InlineData("""{"override_settings":{"eta_noise_seed_delta":-1}}""", "override_settings.eta_noise_seed_delta")]
    [InlineData("""{"override_settings":{"sd_model_checkpoint":"missing"}}""", "override_settings.sd_model_checkpoint")]
    public void BadValues_AreA422NamingTheField(string json, string field)
    {
        var ex = Refused(Body<Txt2ImgApiRequest>(json));

        Assert.Equal(422, ex.StatusCode);
        Assert.Contains(ex.FieldErrors, e => e.Field == field);
    }

    [Fact]
    public void SeveralBadFields_AreReportedTogether()
    {
        var ex = Refused(Body<Txt2ImgApiRequest>("""{"steps":0,"width":13,"enable_hr":true}"""));

        Assert.Equal(["enable_hr", "steps", "width"], ex.FieldErrors.Select(e => e.Field).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EmptyScriptFields_AreAccepted() =>
        Map(Body<Txt2ImgApiRequest>("""{"script_name":null,"script_args":[],"alwayson_scripts":{},"styles":["not stored"],"refiner_checkpoint":"None"}"""));

    [Fact]
    public void Img2Img_DecodesThePlainOrDataUrlImageAndKeepsItsFields()
    {
        foreach (var image in new[] { Png(), "data:image/png;base64," + Png() })
        {
            var plan = Map(new Img2ImgApiRequest { InitImages = [image], DenoisingStrength = 0.4, ResizeMode = 1, Steps = 10 });

            Assert.Equal(GenerationMode.ImageToImage, plan.Request.Mode);
            Assert.Equal((64, 48), (plan.Request.InitImage!.Width, plan.Request.InitImage.Height));
            Assert.Equal((0.4, ResizeMode.CropAndResize, 10), (plan.Request.DenoisingStrength, plan.Request.ResizeMode, plan.Request.Steps));
        }
    }

    [Fact]
    public void Img2Img_WithoutInitImage_Is404AsA1111()
    {
        var ex = Refused(new Img2ImgApiRequest());

        Assert.Equal(404, ex.StatusCode);
        Assert.Equal("Init image not found", ex.Message);
    }

    [Theory]
    [InlineData("not base64 at all!", "not valid base64")]
    [InlineData("data:image/png,iVBORw0KGgo=", "data URL")]
    [InlineData("aGVsbG8gd29ybGQ=", "not a PNG, JPEG or WebP")]
    [InlineData("iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB", "")]
    public void Img2Img_BadInitImage_IsA422OnInitImages(string image, string message)
    {
        var ex = Refused(new Img2ImgApiRequest { InitImages = [image] });

        Assert.Equal(422, ex.StatusCode);
        var error = Assert.Single(ex.FieldErrors);
        Assert.Equal("init_images[0]", error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, "resize_mode")]
    [InlineData(7, "resize_mode")]
    public void Img2Img_UnsupportedResizeMode_IsA422(int mode, string field) =>
        Assert.Contains(Refused(new Img2ImgApiRequest { InitImages = [Png()], ResizeMode = mode }).FieldErrors, e => e.Field == field);

    [Fact]
    public void Img2Img_Mask_IsRefusedByName() =>
        Assert.Contains(Refused(new Img2ImgApiRequest { InitImages = [Png()], Mask = Png() }).FieldErrors, e => e.Field == "mask");

    [Fact]
    public void NoModelLoaded_Is503()
    {
        var ex = Assert.Throws<ApiException>(() => ApiRequestMapper.Map(new Txt2ImgApiRequest(), new ApiSettings(), models.All, current: null));

        Assert.Equal(503, ex.StatusCode);
    }
}
