using System.Text.Json;
using Engine.Conversion;
using Engine.Conversion.SingleFile;
using Engine.Models;
using static Engine.Tests.Conversion.ConversionFixture;

namespace Engine.Tests.Conversion.SingleFile;

/// <summary>What the tensors of an LDM checkpoint say (layout, sizes, family), what the options override, and the configs synthesized for a family.</summary>
public sealed class LdmFamilyDetectionTests : IDisposable
{
    private readonly string _scratch = NewScratch();

    public void Dispose() => DeleteScratch(_scratch);

    [SkippableFact]
    public void Sd2Checkpoint_IsOpenClipWithLinearProjectionsAndOneLayerFewer()
    {
        var path = Path.Combine(_scratch, "sd2.safetensors");
        LdmCheckpointWriter.Sd2FromFixture().WriteSafetensors(path);

        using var checkpoint = LdmCheckpoint.Open(path);
        var a = checkpoint.Architecture;

        Assert.Equal(LdmTextEncoderLayout.OpenClip, a.TextLayout);
        Assert.Equal(2, a.TextLayers); // 3 resblocks in the file, the last unused by SD 2
        Assert.Equal((32, 37, 49408, 77), (a.TextWidth, a.TextIntermediate, a.VocabularySize, a.MaxPositions));
        Assert.True(a.LinearProjection);
        Assert.Equal([32, 64], a.UNetBlockOutChannels);
        Assert.Equal(2, a.UNetLayersPerBlock);
        Assert.Equal(["CrossAttnDownBlock2D", "DownBlock2D"], a.UNetDownBlockTypes);
        Assert.Equal(["UpBlock2D", "CrossAttnUpBlock2D"], a.UNetUpBlockTypes);
        Assert.Equal((4, 4, 32), (a.UNetInChannels, a.UNetOutChannels, a.CrossAttentionDim));
        Assert.Equal([8, 16, 32, 32], a.VaeBlockOutChannels);
        Assert.Equal((1, 3, 3, 4), (a.VaeLayersPerBlock, a.VaeInChannels, a.VaeOutChannels, a.VaeLatentChannels));
        Assert.Equal([32L, 32], checkpoint.Vae.GetTensor("decoder.mid_block.attentions.0.to_q.weight").Shape);
        Assert.Equal([32L, 32], checkpoint.TextEncoder.GetTensor("text_model.encoder.layers.1.self_attn.v_proj.weight").Shape);
        Assert.False(checkpoint.TextEncoder.Contains("text_model.encoder.layers.2.layer_norm1.weight"));

        var settings = SingleFileModelSettings.Resolve(a, new ModelImportOptions(), path);
        Assert.Equal(new SingleFileModelSettings(ModelFamily.StableDiffusion2, PredictionType.VPrediction, 768, ProbePrediction: true), settings);
        Assert.Equal(new SingleFileModelSettings(ModelFamily.StableDiffusion2, PredictionType.Epsilon, 512), settings.Decided(vPrediction: false));
    }

    [SkippableFact]
    public void Sd1StyleCheckpoint_IsClipWithConvProjections()
    {
        var path = Path.Combine(_scratch, "sd1.safetensors");
        LdmCheckpointWriter.Sd1StyleFromFixture().WriteSafetensors(path);

        using var checkpoint = LdmCheckpoint.Open(path);

        Assert.Equal(LdmTextEncoderLayout.TransformersClip, checkpoint.Architecture.TextLayout);
        Assert.Equal(2, checkpoint.Architecture.TextLayers);
        Assert.False(checkpoint.Architecture.LinearProjection);
        Assert.Equal(
            new SingleFileModelSettings(ModelFamily.StableDiffusion1, PredictionType.Epsilon, 512),
            SingleFileModelSettings.Resolve(checkpoint.Architecture, new ModelImportOptions(), path));
    }

    [Theory]
    [InlineData(null, null, PredictionType.VPrediction, 768, true)]
    [InlineData(PredictionType.Epsilon, null, PredictionType.Epsilon, 512, false)]
    [InlineData(null, 512, PredictionType.Epsilon, 512, false)]
    [InlineData(null, 768, PredictionType.VPrediction, 768, false)]
    [InlineData(PredictionType.VPrediction, 512, PredictionType.VPrediction, 512, false)]
    public void Sd2Overrides_PairPredictionAndSizeAsSd2Does(PredictionType? prediction, int? size, PredictionType expectedPrediction, int expectedSize, bool probe)
    {
        var settings = SingleFileModelSettings.Resolve(Sd2Sized(), new ModelImportOptions { PredictionType = prediction, ImageSize = size }, "x.safetensors");

        Assert.Equal(new SingleFileModelSettings(ModelFamily.StableDiffusion2, expectedPrediction, expectedSize, probe), settings);
    }

    [Fact]
    public void Sd2InpaintingUNet_IsNotProbedAndIsEpsilon()
    {
        // A1111 gives SD 2 U-Nets with 9 input channels its inpainting config, which is epsilon.
        var settings = SingleFileModelSettings.Resolve(Sd2Sized() with { UNetInChannels = 9 }, new ModelImportOptions(), "x.safetensors");

        Assert.Equal(new SingleFileModelSettings(ModelFamily.StableDiffusion2, PredictionType.Epsilon, 512), settings);
    }

    [Fact]
    public void Sd1Overrides_AreTakenAsGiven()
    {
        var sd1 = Sd2Sized() with { TextLayout = LdmTextEncoderLayout.TransformersClip, TextWidth = 768, CrossAttentionDim = 768 };

        var settings = SingleFileModelSettings.Resolve(sd1, new ModelImportOptions { ImageSize = 768, PredictionType = PredictionType.VPrediction }, "x.ckpt");

        Assert.Equal(new SingleFileModelSettings(ModelFamily.StableDiffusion1, PredictionType.VPrediction, 768), settings);
    }

    [Fact]
    public void LayoutAgainstContextWidth_IsAmbiguousUnlessTheFamilyIsGiven()
    {
        // An OpenCLIP-layout text encoder feeding a 768-wide context, as SD 1.x has.
        var odd = Sd2Sized() with { TextWidth = 768, CrossAttentionDim = 768 };

        var error = Assert.Throws<ModelConversionException>(() => SingleFileModelSettings.Resolve(odd, new ModelImportOptions(), "odd.safetensors"));
        Assert.Contains("odd.safetensors", error.Message, StringComparison.Ordinal);
        Assert.Contains("ambiguous", error.Message, StringComparison.Ordinal);
        Assert.Contains("ModelImportOptions.Family", error.Message, StringComparison.Ordinal);

        var settings = SingleFileModelSettings.Resolve(odd, new ModelImportOptions { Family = ModelFamily.StableDiffusion1 }, "odd.safetensors");
        Assert.Equal(ModelFamily.StableDiffusion1, settings.Family);
    }

    [Fact]
    public void TextWidthOtherThanContextWidth_IsRefused()
    {
        var error = Assert.Throws<ModelConversionException>(() =>
            SingleFileModelSettings.Resolve(Sd2Sized() with { TextWidth = 768 }, new ModelImportOptions(), "m.safetensors"));

        Assert.Contains("768 wide", error.Message, StringComparison.Ordinal);
        Assert.Contains("1024", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(0)]
    public void ImageSizeNotAMultipleOf8_IsRefused(int size)
    {
        var error = Assert.Throws<ModelConversionException>(() =>
            SingleFileModelSettings.Resolve(Sd2Sized(), new ModelImportOptions { ImageSize = size }, "m.safetensors"));

        Assert.Contains($"ImageSize {size}", error.Message, StringComparison.Ordinal);
        Assert.Contains("multiple of 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UndefinedEnumOptions_AreRefused()
    {
        var family = Assert.Throws<ModelConversionException>(() =>
            SingleFileModelSettings.Resolve(Sd2Sized(), new ModelImportOptions { Family = (ModelFamily)7 }, "m.safetensors"));
        var prediction = Assert.Throws<ModelConversionException>(() =>
            SingleFileModelSettings.Resolve(Sd2Sized(), new ModelImportOptions { PredictionType = (PredictionType)9 }, "m.safetensors"));

        Assert.Contains("StableDiffusion1 or StableDiffusion2", family.Message, StringComparison.Ordinal);
        Assert.Contains("Epsilon, VPrediction or Sample", prediction.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sd2Configs_HaveSd2sHeadsProjectionsAndSizes()
    {
        var settings = new SingleFileModelSettings(ModelFamily.StableDiffusion2, PredictionType.VPrediction, 768);
        using var unet = Parse(SingleFileConfigs.UNet(Sd2Sized(), settings, "m"));
        using var vae = Parse(SingleFileConfigs.Vae(Sd2Sized(), settings, "m"));
        using var text = Parse(SingleFileConfigs.TextEncoder(Sd2Sized(), settings, "m"));

        Assert.Equal("[5,10,20,20]", Compact(unet, "attention_head_dim"));
        Assert.True(unet.RootElement.GetProperty("use_linear_projection").GetBoolean());
        Assert.Equal(1024, unet.RootElement.GetProperty("cross_attention_dim").GetInt32());
        Assert.Equal(96, unet.RootElement.GetProperty("sample_size").GetInt32());
        Assert.True(unet.RootElement.GetProperty("upcast_attention").GetBoolean());
        Assert.Equal(768, vae.RootElement.GetProperty("sample_size").GetInt32());
        Assert.Equal(32, vae.RootElement.GetProperty("norm_num_groups").GetInt32());
        Assert.Equal(0.18215, vae.RootElement.GetProperty("scaling_factor").GetDouble());
        Assert.Equal("gelu", text.RootElement.GetProperty("hidden_act").GetString());
        Assert.Equal(16, text.RootElement.GetProperty("num_attention_heads").GetInt32());
        Assert.Equal(23, text.RootElement.GetProperty("num_hidden_layers").GetInt32());
    }

    [Fact]
    public void Sd1Configs_HaveEightHeadsConvProjectionsAndQuickGelu()
    {
        var sd1 = Sd2Sized() with
        {
            TextLayout = LdmTextEncoderLayout.TransformersClip, TextWidth = 768, TextLayers = 12, TextIntermediate = 3072,
            CrossAttentionDim = 768, LinearProjection = false,
        };
        var settings = new SingleFileModelSettings(ModelFamily.StableDiffusion1, PredictionType.Epsilon, 512);
        using var unet = Parse(SingleFileConfigs.UNet(sd1, settings, "m"));
        using var text = Parse(SingleFileConfigs.TextEncoder(sd1, settings, "m"));
        using var scheduler = Parse(SingleFileConfigs.Scheduler(settings.PredictionType));

        Assert.Equal(8, unet.RootElement.GetProperty("attention_head_dim").GetInt32());
        Assert.False(unet.RootElement.GetProperty("use_linear_projection").GetBoolean());
        Assert.Equal(64, unet.RootElement.GetProperty("sample_size").GetInt32());
        Assert.False(unet.RootElement.GetProperty("upcast_attention").GetBoolean());
        Assert.Equal("quick_gelu", text.RootElement.GetProperty("hidden_act").GetString());
        Assert.Equal(12, text.RootElement.GetProperty("num_attention_heads").GetInt32());
        Assert.Equal("PNDMScheduler", scheduler.RootElement.GetProperty("_class_name").GetString());
        Assert.Equal("epsilon", scheduler.RootElement.GetProperty("prediction_type").GetString());
        Assert.Equal(1, scheduler.RootElement.GetProperty("steps_offset").GetInt32());
        Assert.False(scheduler.RootElement.GetProperty("clip_sample").GetBoolean());
    }

    [Fact]
    public void SynthesizedConfigs_AreReadByTheEnginesConfigReaders()
    {
        var settings = new SingleFileModelSettings(ModelFamily.StableDiffusion2, PredictionType.VPrediction, 768);
        var scheduler = SchedulerConfig.Parse(System.Text.Encoding.UTF8.GetString(SingleFileConfigs.Scheduler(settings.PredictionType)));

        Assert.Equal(PredictionType.VPrediction, scheduler.PredictionType);
        Assert.Equal(BetaSchedule.ScaledLinear, scheduler.BetaSchedule);
        Assert.False(scheduler.ClipSample);
        Assert.Equal(1, scheduler.StepsOffset);
        Assert.False(scheduler.SetAlphaToOne);
    }

    /// <summary>SD 2 (768-v) sizes, as the real checkpoint's tensors give them.</summary>
    private static LdmArchitecture Sd2Sized() => new()
    {
        TextLayout = LdmTextEncoderLayout.OpenClip,
        TextWidth = 1024,
        TextLayers = 23,
        TextIntermediate = 4096,
        VocabularySize = 49408,
        MaxPositions = 77,
        UNetInChannels = 4,
        UNetOutChannels = 4,
        UNetBlockOutChannels = [320, 640, 1280, 1280],
        UNetLayersPerBlock = 2,
        UNetDownBlockTypes = ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
        UNetUpBlockTypes = ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
        CrossAttentionDim = 1024,
        LinearProjection = true,
        VaeInChannels = 3,
        VaeOutChannels = 3,
        VaeLatentChannels = 4,
        VaeBlockOutChannels = [128, 256, 512, 512],
        VaeLayersPerBlock = 2,
    };

    private static JsonDocument Parse(byte[] json) => JsonDocument.Parse(json);

    private static string Compact(JsonDocument document, string key) =>
        JsonSerializer.Serialize(document.RootElement.GetProperty(key));
}
