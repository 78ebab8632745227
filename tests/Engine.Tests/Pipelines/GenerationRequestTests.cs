using Engine.Imaging;
using Engine.Models;
using Engine.Onnx;
using Engine.Pipelines;

namespace Engine.Tests.Pipelines;

public sealed class GenerationRequestTests
{
    private static readonly ModelDescriptor s_model = new()
    {
        Id = "m",
        DisplayName = "m",
        Path = "/models/m",
        Status = ModelStatus.Ready,
        Scheduler = new SchedulerConfig(),
        Vae = new VaeConfig(),
        SupportsImg2Img = true,
        Signatures = new ComponentSignatures(
            new TextEncoderIo(OnnxElementType.Int32, 77, 32, OnnxElementType.Float32),
            new UNetIo(OnnxElementType.Float32, OnnxElementType.Float32, true, OnnxElementType.Float32, 4, 4, 32),
            new VaeDecoderIo(OnnxElementType.Float32, 4, 3),
            new VaeEncoderIo(OnnxElementType.Float32, VaeEncoderOutputKind.LatentParameters, VaeEncoderIo.LatentParametersName, 8)),
    };

    public static TheoryData<string, Func<GenerationRequest, GenerationRequest>> BadRequests => new()
    {
        { "Steps", r => r with { Steps = 0 } },
        { "Steps", r => r with { Steps = -3 } },
        { "Steps", r => r with { Steps = 151 } },
        { "CfgScale", r => r with { CfgScale = 0.5 } },
        { "CfgScale", r => r with { CfgScale = 30.5 } },
        { "CfgScale", r => r with { CfgScale = double.NaN } },
        { "Width", r => r with { Width = 500 } },
        { "Width", r => r with { Width = 56 } },
        { "Height", r => r with { Height = 2056 } },
        { "Size", r => r with { Width = 2048, Height = 2048 } },
        { "BatchSize", r => r with { BatchSize = 0 } },
        { "BatchSize", r => r with { BatchSize = 9 } },
        { "BatchCount", r => r with { BatchCount = 101 } },
        { "Seed", r => r with { Seed = -2 } },
        { "SubseedStrength", r => r with { SubseedStrength = 1.5 } },
        { "PreviewInterval", r => r with { PreviewInterval = -1 } },
        { "SamplerName", r => r with { SamplerName = " " } },
        { "DenoisingStrength", r => Img2Img(r) with { DenoisingStrength = 0 } },
        { "DenoisingStrength", r => Img2Img(r) with { DenoisingStrength = 1.01 } },
        { "InitImage", r => Img2Img(r) with { InitImage = null } },
        { "InitImage", r => Img2Img(r) with { InitImage = new RgbImage(8193, 1) } },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void Validate_BadField_NamesFieldValueAndRange(string field, Func<GenerationRequest, GenerationRequest> change)
    {
        var request = change(new GenerationRequest());

        var error = Assert.Single(request.Validate(s_model));

        Assert.Equal(field, error.Field);
        var thrown = Assert.Throws<GenerationValidationException>(() => request.EnsureValid(s_model));
        Assert.Equal(field, thrown.ParamName);
    }

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        Assert.Empty(new GenerationRequest().Validate(s_model));
        Assert.Empty(Img2Img(new GenerationRequest()).Validate(s_model));
        Assert.Empty(new GenerationRequest { Width = 2048, Height = 1024, Steps = 150, CfgScale = 30, BatchSize = 8 }.Validate(s_model));
    }

    [Fact]
    public void Validate_Message_NamesValueAndRange()
    {
        var error = Assert.Single(new GenerationRequest { Steps = 0 }.Validate(s_model));

        Assert.Equal("Steps is 0; allowed 1 to 150.", error.Message);
    }

    [Fact]
    public void Validate_Img2ImgWithoutEncoder_Rejected()
    {
        var model = s_model with { SupportsImg2Img = false };

        var error = Assert.Single(Img2Img(new GenerationRequest()).Validate(model));

        Assert.Equal("Mode", error.Field);
    }

    private static GenerationRequest Img2Img(GenerationRequest request) =>
        request with { Mode = GenerationMode.ImageToImage, InitImage = RgbImage.Filled(64, 64, 1, 2, 3) };
}
