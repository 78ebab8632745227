using Engine.Models;
using Engine.Tests.Support;

namespace Engine.Tests.Models;

public sealed class ComponentConfigTests
{
    [SkippableFact]
    public void Load_TinySd2Configs_ReadTheFieldsTheEngineUses()
    {
        var unet = UNetConfig.Load(Fixtures.Path_("tiny-sd2", "unet", "config.json"));
        var text = TextEncoderConfig.Load(Fixtures.Path_("tiny-sd2", "text_encoder", "config.json"));
        var vae = VaeConfig.Load(Fixtures.Path_("tiny-sd2", "vae_decoder", "config.json"));
        var index = ModelIndex.Load(Fixtures.Path_("tiny-sd2", "model_index.json"));

        Assert.Equal((32, 32, 4, 4, 32), (unet.SampleHeight, unet.SampleWidth, unet.InChannels, unet.OutChannels, unet.CrossAttentionDim));
        Assert.Equal([2, 4], unet.AttentionHeadDim);
        Assert.False(unet.UpcastAttention);
        Assert.Equal((32, 77, 49408, "gelu"), (text.HiddenSize, text.MaxPositionEmbeddings, text.VocabSize, text.HiddenAct));
        Assert.Equal((4, 256, 8), (vae.LatentChannels, vae.SampleSize, vae.ScaleFactor));
        Assert.Equal(0.18215, vae.ScalingFactor);
        Assert.Equal("StableDiffusionPipeline", index.ClassName);
        Assert.Equal(["scheduler", "text_encoder", "tokenizer", "unet", "vae"], index.Components.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new ModelIndexComponent("diffusers", "UNet2DConditionModel"), index.Components["unet"]);
    }

    [Theory]
    [InlineData("""{"sample_size": 96}""", 96, 96)]
    [InlineData("""{"sample_size": [64, 96]}""", 64, 96)]
    [InlineData("""{"sample_size": 64.0}""", 64, 64)]
    [InlineData("{}", 64, 64)]
    public void Parse_UNetSampleSize_AcceptsIntegerOrPair(string json, int height, int width)
    {
        var config = UNetConfig.Parse(json);

        Assert.Equal((height, width), (config.SampleHeight, config.SampleWidth));
    }

    [Theory]
    [InlineData("""{"sample_size": 0}""", "'sample_size'")]
    [InlineData("""{"sample_size": 64.5}""", "'sample_size' must be an integer")]
    [InlineData("""{"in_channels": -4}""", "'in_channels' must be a positive integer")]
    [InlineData("""{"cross_attention_dim": "1024"}""", "'cross_attention_dim' must be an integer, but is a string (\"1024\")")]
    [InlineData("""{"block_out_channels": 320}""", "'block_out_channels' must be an array of integers")]
    public void Parse_InvalidUNetConfig_ThrowsNamingKey(string json, string fragment)
    {
        var ex = Assert.Throws<ModelConfigException>(() => UNetConfig.Parse(json));

        Assert.StartsWith("unet/config.json: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"scaling_factor": 0}""", "'scaling_factor' must be positive")]
    [InlineData("""{"latent_channels": true}""", "'latent_channels' must be an integer, but is a boolean")]
    public void Parse_InvalidVaeConfig_ThrowsNamingKey(string json, string fragment)
    {
        var ex = Assert.Throws<ModelConfigException>(() => VaeConfig.Parse(json));

        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"unet": ["diffusers"]}""", "'unet' must be a [library, class] pair")]
    [InlineData("""{"unet": [1, 2]}""", "'unet' must be a [library, class] pair of strings")]
    [InlineData("""{"_class_name": 5}""", "'_class_name' must be a string")]
    public void Parse_InvalidModelIndex_ThrowsNamingKey(string json, string fragment)
    {
        var ex = Assert.Throws<ModelConfigException>(() => ModelIndex.Parse(json));

        Assert.StartsWith("model_index.json: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextEncoderHiddenSizeString_ThrowsNamingKey()
    {
        var ex = Assert.Throws<ModelConfigException>(() => TextEncoderConfig.Parse("""{"hidden_size": "big"}"""));

        Assert.Equal("hidden_size", ex.Key);
        Assert.Equal("text_encoder/config.json: 'hidden_size' must be an integer, but is a string (\"big\").", ex.Message);
    }
}
