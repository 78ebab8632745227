using System.Net;
using System.Text.Json;
using Engine.Demo;

namespace WebUi.Tests.Api;

/// <summary>Models and options over real HTTP: listing, refreshing, switching through options and per request.</summary>
[Collection(ApiAppCollection.Name)]
public sealed class SdApiModelTests(ApiAppFixture app)
{
    private async Task<string?> CurrentModelAsync() => (await app.GetAsync("options")).Json.GetProperty("sd_model_checkpoint").GetString();

    private async Task<string> ModelOfAsync(object request)
    {
        var reply = await app.PostAsync("txt2img", request);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
        var name = reply.Info.GetProperty("sd_model_name").GetString()!;
        Assert.Contains($"Model: {name}", reply.Info.GetProperty("infotexts")[0].GetString(), StringComparison.Ordinal);
        return name;
    }

    [Fact]
    public async Task SdModels_ListsBothDemoModelsWithA1111Fields()
    {
        var reply = await app.GetAsync("sd-models");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var models = reply.Json.EnumerateArray().ToList();
        Assert.Equal(["demo", "demo-b"], models.Select(m => m.GetProperty("title").GetString()).Where(t => t!.StartsWith("demo", StringComparison.Ordinal) && t.Length <= 6));
        Assert.Equal(["title", "model_name", "hash", "sha256", "filename", "config"], models[0].EnumerateObject().Select(p => p.Name));
        Assert.All(models, m => Assert.Equal(m.GetProperty("title").GetString(), m.GetProperty("model_name").GetString()));
    }

    [Fact]
    public async Task RefreshCheckpoints_FindsANewModelFolder()
    {
        var name = "demo-" + Guid.NewGuid().ToString("N")[..8];
        Assert.DoesNotContain(name, (await app.GetAsync("sd-models")).Text, StringComparison.Ordinal);
        DemoModelWriter.Write(Path.Combine(app.ModelsPath, name), new DemoModelOptions());

        var refresh = await app.PostAsync("refresh-checkpoints", "");

        Assert.Equal(HttpStatusCode.OK, refresh.Status);
        Assert.Equal("null", refresh.Text);
        Assert.Contains((await app.GetAsync("sd-models")).Json.EnumerateArray(), m => m.GetProperty("title").GetString() == name);
    }

    [Fact]
    public async Task Options_SwitchModelAndOverridesPerRequest()
    {
        Assert.Equal("demo", await CurrentModelAsync());
        try
        {
            var set = await app.PostAsync("options", new { sd_model_checkpoint = "demo-b" });
            Assert.Equal(HttpStatusCode.OK, set.Status);
            Assert.Equal("null", set.Text);
            Assert.Equal("demo-b", await CurrentModelAsync());
            Assert.Equal("demo-b", await ModelOfAsync(new { steps = 1, width = 64, height = 64 }));

            // A1111: override_settings load that model for the job and restore the previous one afterwards by default.
            Assert.Equal("demo", await ModelOfAsync(new { steps = 1, width = 64, height = 64, override_settings = new { sd_model_checkpoint = "demo [0123456789]" } }));
            Assert.Equal("demo-b", await CurrentModelAsync());

            Assert.Equal("demo", await ModelOfAsync(new
            {
                steps = 1,
                width = 64,
                height = 64,
                override_settings = new { sd_model_checkpoint = "demo" },
                override_settings_restore_afterwards = false,
            }));
            Assert.Equal("demo", await CurrentModelAsync());
        }
        finally
        {
            await app.PostAsync("options", new { sd_model_checkpoint = "demo" });
        }

        Assert.Equal("demo", await CurrentModelAsync());
    }

    [Fact]
    public async Task Options_ModelSwitchDuringAJob_WaitsForTheJobThenSwitches()
    {
        var job = app.PostAsync("txt2img", new { prompt = "red circle", steps = 150, n_iter = 20 });
        try
        {
            await app.WaitForProgressAsync(p => p.GetProperty("state").GetProperty("sampling_step").GetInt32() >= 1, "the job running");
            var set = app.PostAsync("options", new { sd_model_checkpoint = "demo-b" });

            // The switch waits for the running job (A1111 reloads under its queue lock), so the job is not disturbed.
            Assert.False(set.IsCompleted);
            Assert.Equal("demo", await CurrentModelAsync());
            await app.PostAsync("interrupt", "");
            var reply = await job;
            Assert.True(reply.Status == HttpStatusCode.OK, reply.Text);
            Assert.Equal("demo", reply.Info.GetProperty("sd_model_name").GetString());
            Assert.Equal(HttpStatusCode.OK, (await set).Status);
            Assert.Equal("demo-b", await CurrentModelAsync());
        }
        finally
        {
            await app.PostAsync("interrupt", "");
            await app.PostAsync("options", new { sd_model_checkpoint = "demo" });
        }
    }

    [Fact]
    public async Task Options_OtherKeysAreStoredAndUsedByLaterJobs()
    {
        try
        {
            var set = await app.PostAsync("options", new { randn_source = "NV", eta_noise_seed_delta = 31337, not_an_option_here = 1 });
            Assert.Equal(HttpStatusCode.OK, set.Status);
            var options = (await app.GetAsync("options")).Json;
            Assert.Equal("NV", options.GetProperty("randn_source").GetString());
            Assert.Equal(31337, options.GetProperty("eta_noise_seed_delta").GetInt64());
            Assert.False(options.TryGetProperty("not_an_option_here", out _));

            var reply = await app.PostAsync("txt2img", new { steps = 1, width = 64, height = 64, sampler_name = "Euler a" });
            Assert.Contains("ENSD: 31337, RNG: NV", reply.Info.GetProperty("infotexts")[0].GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await app.PostAsync("options", new { randn_source = "GPU", eta_noise_seed_delta = 0 });
        }
    }

    [Fact]
    public async Task InfoEndpoints_AnswerWithA1111Shapes()
    {
        var samplers = (await app.GetAsync("samplers")).Json.EnumerateArray().ToList();
        var dpm = samplers.Single(s => s.GetProperty("name").GetString() == "DPM++ 2M");
        Assert.Equal("karras", dpm.GetProperty("options").GetProperty("scheduler").GetString());
        Assert.Contains("k_dpmpp_2m", dpm.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains(samplers, s => s.GetProperty("name").GetString() == "Euler");

        var schedulers = (await app.GetAsync("schedulers")).Json.EnumerateArray().ToList();
        var karras = schedulers.Single(s => s.GetProperty("name").GetString() == "karras");
        Assert.Equal(["name", "label", "aliases", "default_rho", "need_inner_model"], karras.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("Karras", 7.0), (karras.GetProperty("label").GetString(), karras.GetProperty("default_rho").GetDouble()));
        Assert.Equal("automatic", schedulers[0].GetProperty("name").GetString());

        Assert.Equal("[]", (await app.GetAsync("prompt-styles")).Text);

        var memory = (await app.GetAsync("memory")).Json;
        Assert.True(memory.GetProperty("ram").GetProperty("total").GetInt64() > 0);
        Assert.True(memory.GetProperty("ram").GetProperty("used").GetInt64() > 0);
        Assert.True(memory.GetProperty("ram").GetProperty("gc_heap").GetInt64() > 0);
        Assert.True(memory.GetProperty("ram").GetProperty("gc_heap_after_last_gc").GetInt64() >= 0);
        Assert.Equal(JsonValueKind.Object, memory.GetProperty("cuda").ValueKind);

        var flags = (await app.GetAsync("cmd-flags")).Json;
        Assert.Equal(app.ModelsPath, flags.GetProperty("models_path").GetString());
        Assert.True(flags.GetProperty("port").GetInt32() > 0);
        Assert.DoesNotContain(flags.EnumerateObject(), p => p.Name.Contains("auth", StringComparison.OrdinalIgnoreCase));
    }
}
