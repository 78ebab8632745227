using System.Text.Json;
using Engine.Demo;

namespace Engine.Tests.Demo;

public sealed class DemoModelFilesTests(DemoModelFolderFixture folders) : IClassFixture<DemoModelFolderFixture>
{
    private static readonly string[] s_files =
    [
        "model_index.json", "scheduler/scheduler_config.json",
        "tokenizer/vocab.json", "tokenizer/merges.txt", "tokenizer/special_tokens_map.json", "tokenizer/tokenizer_config.json",
        "text_encoder/config.json", "text_encoder/model.onnx", "unet/config.json", "unet/model.onnx",
        "vae_encoder/config.json", "vae_encoder/model.onnx", "vae_decoder/config.json", "vae_decoder/model.onnx",
    ];

    [Fact]
    public void Write_TwoFolders_ByteIdenticalAndSmall()
    {
        var first = folders.Folder(new DemoModelOptions());
        var second = Directory.CreateTempSubdirectory("demo-model-again-");
        try
        {
            DemoModelWriter.Write(second.FullName, new DemoModelOptions());

            long total = 0;
            foreach (var file in s_files)
            {
                var bytes = File.ReadAllBytes(Path.Combine(first, file));
                Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(second.FullName, file)));
                total += bytes.Length;
            }

            Assert.True(total < 1_000_000, $"Demo model is {total} bytes.");
            Assert.Equal(s_files.Length, Directory.GetFiles(second.FullName, "*", SearchOption.AllDirectories).Length);
        }
        finally
        {
            second.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(DemoPredictionType.Epsilon, "PNDMScheduler", "epsilon")]
    [InlineData(DemoPredictionType.VPrediction, "DDIMScheduler", "v_prediction")]
    public void Write_PredictionType_SchedulerConfigMatches(DemoPredictionType prediction, string className, string predictionType)
    {
        var folder = folders.Folder(new DemoModelOptions { PredictionType = prediction });

        using var scheduler = Json(folder, "scheduler/scheduler_config.json");
        using var index = Json(folder, "model_index.json");

        var s = scheduler.RootElement;
        Assert.Equal(className, s.GetProperty("_class_name").GetString());
        Assert.Equal(predictionType, s.GetProperty("prediction_type").GetString());
        Assert.Equal("scaled_linear", s.GetProperty("beta_schedule").GetString());
        Assert.Equal(0.00085, s.GetProperty("beta_start").GetDouble());
        Assert.Equal(0.012, s.GetProperty("beta_end").GetDouble());
        Assert.Equal(1000, s.GetProperty("num_train_timesteps").GetInt32());
        Assert.Equal(1, s.GetProperty("steps_offset").GetInt32());
        Assert.False(s.GetProperty("set_alpha_to_one").GetBoolean());
        Assert.True(s.GetProperty("skip_prk_steps").GetBoolean());
        Assert.Equal("leading", s.GetProperty("timestep_spacing").GetString());
        Assert.Equal("StableDiffusionPipeline", index.RootElement.GetProperty("_class_name").GetString());
        Assert.True(index.RootElement.GetProperty(DemoModelWriter.MarkerKey).GetBoolean());
        Assert.Equal(className, index.RootElement.GetProperty("scheduler")[1].GetString());
    }

    [Theory]
    [InlineData(64, 512)]
    [InlineData(96, 768)]
    public void Write_SampleSize_RecordedInConfigs(int sampleSize, int pixels)
    {
        var folder = folders.Folder(new DemoModelOptions { SampleSize = sampleSize });

        using var unet = Json(folder, "unet/config.json");
        using var vae = Json(folder, "vae_decoder/config.json");

        Assert.Equal(sampleSize, unet.RootElement.GetProperty("sample_size").GetInt32());
        Assert.Equal(DemoModelMath.HiddenSize, unet.RootElement.GetProperty("cross_attention_dim").GetInt32());
        Assert.Equal(0.5, unet.RootElement.GetProperty("demo_data_std").GetDouble());
        Assert.Equal(pixels, vae.RootElement.GetProperty("sample_size").GetInt32());
        Assert.Equal(0.18215, vae.RootElement.GetProperty("scaling_factor").GetDouble());
        Assert.Equal(4, vae.RootElement.GetProperty("latent_channels").GetInt32());
    }

    [Fact]
    public void Tokenizer_Files_HaveClipLayoutAndSpecialIds()
    {
        var folder = folders.Folder(new DemoModelOptions());
        using var vocabJson = Json(folder, "tokenizer/vocab.json");
        using var config = Json(folder, "tokenizer/tokenizer_config.json");
        using var special = Json(folder, "tokenizer/special_tokens_map.json");
        var vocab = vocabJson.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        var merges = File.ReadAllLines(Path.Combine(folder, "tokenizer/merges.txt"));

        Assert.Equal(0, vocab["!"]);
        Assert.Equal(255, vocab["Ń"]);
        Assert.Equal(256, vocab["!</w>"]);
        Assert.Equal(vocab.Count - 2, vocab["<|startoftext|>"]);
        Assert.Equal(vocab.Count - 1, vocab["<|endoftext|>"]);
        Assert.Equal("#version: 0.2", merges[0]);
        Assert.Equal(vocab.Count - 514, merges.Length - 1);
        Assert.Equal("!", config.RootElement.GetProperty("pad_token").GetString());
        Assert.Equal("<|endoftext|>", config.RootElement.GetProperty("added_tokens_decoder").GetProperty((vocab.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).GetProperty("content").GetString());
        Assert.Equal("<|startoftext|>", special.RootElement.GetProperty("bos_token").GetProperty("content").GetString());
        foreach (var word in DemoWords.All)
        {
            Assert.True(vocab.ContainsKey(word + "</w>"), word);
        }

        for (var i = 1; i < merges.Length; i++)
        {
            var parts = merges[i].Split(' ');
            Assert.Equal(2, parts.Length);
            Assert.Equal(512 + i - 1, vocab[parts[0] + parts[1]]);
        }
    }

    private static JsonDocument Json(string folder, string file) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, file)));
}
