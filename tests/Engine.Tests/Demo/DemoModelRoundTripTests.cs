using Engine.Demo;
using Engine.Onnx;
using Engine.Tests.OnnxWriting;
using Microsoft.ML.OnnxRuntime;
using static Engine.Tests.OnnxWriting.OrtRunner;

namespace Engine.Tests.Demo;

public sealed class DemoModelRoundTripTests(DemoModelFolderFixture folders) : IClassFixture<DemoModelFolderFixture>
{
    private const double Tolerance = 1e-5;

    private static readonly string[] s_prompts =
    [
        "red circle, blue background",
        "",
        "yellow square on black background",
        "anime girl, pink hair, white background, masterpiece",
    ];

    [Theory]
    [InlineData(OnnxElementType.Int32, 77)]
    [InlineData(OnnxElementType.Int64, 77)]
    [InlineData(OnnxElementType.Int32, 154)]
    public void TextEncoder_Prompts_MatchesMath(OnnxElementType idsType, int length)
    {
        var folder = folders.Folder(new DemoModelOptions { InputIdsType = idsType });
        using var session = DemoOrt.Open(folder, "text_encoder");
        var ids = s_prompts.SelectMany(p => DemoPrompts.Ids(p, length)).ToArray();
        OrtValue Input() => idsType == OnnxElementType.Int64
            ? Longs(ids, s_prompts.Length, length)
            : Ints([.. ids.Select(i => (int)i)], s_prompts.Length, length);

        var (hidden, hiddenShape) = OrtRunner.Run(session, "last_hidden_state", ("input_ids", Input()));
        var (pooled, pooledShape) = OrtRunner.Run(session, "pooler_output", ("input_ids", Input()));

        Assert.Equal([s_prompts.Length, length, DemoModelMath.HiddenSize], hiddenShape);
        Assert.Equal([s_prompts.Length, DemoModelMath.HiddenSize], pooledShape);
        var expectedHidden = s_prompts.SelectMany(p => DemoModelMath.HiddenStates(DemoPrompts.Ids(p, length))).Select(v => (double)v).ToArray();
        var expectedPooled = s_prompts.SelectMany(p => DemoModelMath.PoolerOutput(DemoPrompts.Ids(p, length))).Select(v => (double)v).ToArray();
        DemoOrt.AssertClose(expectedHidden, hidden, Tolerance);
        DemoOrt.AssertClose(expectedPooled, pooled, Tolerance);
    }

    [Theory]
    [InlineData(DemoPredictionType.Epsilon, 0.0, 64, 64)]
    [InlineData(DemoPredictionType.Epsilon, 1.0, 24, 40)]
    [InlineData(DemoPredictionType.Epsilon, 500.5, 64, 64)]
    [InlineData(DemoPredictionType.Epsilon, 999.0, 24, 40)]
    [InlineData(DemoPredictionType.Epsilon, 37.25, 7, 5)]
    [InlineData(DemoPredictionType.VPrediction, 0.0, 24, 40)]
    [InlineData(DemoPredictionType.VPrediction, 1.0, 64, 64)]
    [InlineData(DemoPredictionType.VPrediction, 500.5, 24, 40)]
    [InlineData(DemoPredictionType.VPrediction, 999.0, 64, 64)]
    public void UNet_BatchOfTwoPrompts_MatchesMath(DemoPredictionType prediction, double timestep, int height, int width)
    {
        var options = new DemoModelOptions { PredictionType = prediction };
        using var session = DemoOrt.Open(folders.Folder(options), "unet");
        string[] prompts = [s_prompts[0], s_prompts[2]];
        var plane = 4 * height * width;
        var sample = DemoPrompts.Noise(2 * plane, seed: height + width);
        var hidden = prompts.Select(p => DemoModelMath.HiddenStates(DemoPrompts.Ids(p))).ToArray();

        var (output, shape) = OrtRunner.Run(session, "out_sample",
            ("sample", Floats(sample, 2, 4, height, width)),
            ("timestep", Floats([(float)timestep])),
            ("encoder_hidden_states", Floats([.. hidden[0], .. hidden[1]], 2, 77, DemoModelMath.HiddenSize)));

        Assert.Equal([2L, 4, height, width], shape);
        for (var b = 0; b < 2; b++)
        {
            var mu = DemoModelMath.Mu(hidden[b], height, width);
            var expected = DemoModelMath.UNetOutput(sample.AsSpan(b * plane, plane), mu, timestep, options.DataStd, prediction);
            DemoOrt.AssertClose(expected, output.AsSpan(b * plane, plane), Tolerance);
        }
    }

    [Fact]
    public void UNet_Float16Variant_MatchesMathLoosely()
    {
        var options = new DemoModelOptions { Float16 = true };
        using var session = DemoOrt.Open(folders.Folder(options), "unet");
        var sample = DemoPrompts.Noise(4 * 8 * 8, seed: 3).Select(v => (float)(Half)v).ToArray();
        var hidden = DemoModelMath.HiddenStates(DemoPrompts.Ids(s_prompts[0]));
        static OrtValue Half16(float[] data, params long[] shape) =>
            OrtValue.CreateTensorValueFromMemory(data.Select(v => (Float16)v).ToArray(), shape);

        var (output, _) = OrtRunner.Run(session, "out_sample",
            ("sample", Half16(sample, 1, 4, 8, 8)),
            ("timestep", Half16([500f])),
            ("encoder_hidden_states", Half16(hidden, 1, 77, DemoModelMath.HiddenSize)));

        var expected = DemoModelMath.UNetOutput(sample, DemoModelMath.Mu(hidden, 8, 8), 500, options.DataStd, DemoPredictionType.Epsilon);
        DemoOrt.AssertClose(expected, output, 1e-2);
    }

    [Fact]
    public void VaeDecoder_RandomLatents_MatchesMath()
    {
        using var session = DemoOrt.Open(folders.Folder(new DemoModelOptions()), "vae_decoder");
        var latent = DemoPrompts.Noise(2 * 4 * 3 * 5, seed: 1);

        var (image, shape) = OrtRunner.Run(session, "sample", ("latent_sample", Floats(latent, 2, 4, 3, 5)));

        Assert.Equal([2L, 3, 24, 40], shape);
        for (var b = 0; b < 2; b++)
        {
            var expected = DemoModelMath.Decode(latent.AsSpan(b * 60, 60), 3, 5);
            DemoOrt.AssertClose(expected, image.AsSpan(b * expected.Length, expected.Length), Tolerance);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void VaeEncoder_RandomImage_MatchesMath(bool latentSampleOutput)
    {
        var options = new DemoModelOptions { VaeEncoderOutputsLatentSample = latentSampleOutput };
        using var session = DemoOrt.Open(folders.Folder(options), "vae_encoder");
        var image = DemoPrompts.Noise(3 * 16 * 24, seed: 2).Select(v => v / 2).ToArray();

        var (latent, shape) = OrtRunner.Run(session, latentSampleOutput ? "latent_sample" : "latent_parameters",
            ("sample", Floats(image, 1, 3, 16, 24)));

        Assert.Equal([1L, latentSampleOutput ? 4 : 8, 2, 3], shape);
        DemoOrt.AssertClose(DemoModelMath.EncodeMean(image, 16, 24), latent.AsSpan(0, 24), Tolerance);
        if (!latentSampleOutput)
        {
            Assert.All(latent[24..], v => Assert.Equal(DemoModelMath.EncoderLogVariance, v));
        }
    }

    [Fact]
    public void VaeRoundTrip_FlatBlockImage_Reproduced()
    {
        var folder = folders.Folder(new DemoModelOptions());
        using var encoder = DemoOrt.Open(folder, "vae_encoder");
        using var decoder = DemoOrt.Open(folder, "vae_decoder");
        var blocks = DemoPrompts.Noise(3 * 2 * 3, seed: 5).Select(v => v / 2).ToArray();
        var image = new float[3 * 16 * 24];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 16; y++)
            {
                for (var x = 0; x < 24; x++)
                {
                    image[(((c * 16) + y) * 24) + x] = blocks[(((c * 2) + (y / 8)) * 3) + (x / 8)];
                }
            }
        }

        var (parameters, _) = OrtRunner.Run(encoder, "latent_parameters", ("sample", Floats(image, 1, 3, 16, 24)));
        var (decoded, _) = OrtRunner.Run(decoder, "sample", ("latent_sample", Floats(parameters[..24], 1, 4, 2, 3)));

        DemoOrt.AssertClose([.. image.Select(v => (double)v)], decoded, 1e-5);
    }

    [Fact]
    public void TextEncoderThenUNet_EndToEnd_MatchesMath()
    {
        var folder = folders.Folder(new DemoModelOptions());
        using var textEncoder = DemoOrt.Open(folder, "text_encoder");
        using var unet = DemoOrt.Open(folder, "unet");
        var ids = DemoPrompts.Ids(s_prompts[3]);
        var (hidden, _) = OrtRunner.Run(textEncoder, "last_hidden_state", ("input_ids", Ints([.. ids.Select(i => (int)i)], 1, 77)));
        var sample = DemoPrompts.Noise(4 * 16 * 16, seed: 9);

        var (output, _) = OrtRunner.Run(unet, "out_sample",
            ("sample", Floats(sample, 1, 4, 16, 16)),
            ("timestep", Floats([250f])),
            ("encoder_hidden_states", Floats(hidden, 1, 77, DemoModelMath.HiddenSize)));

        var expected = DemoModelMath.UNetOutput(sample, DemoModelMath.Mu(DemoModelMath.HiddenStates(ids), 16, 16), 250, 0.5, DemoPredictionType.Epsilon);
        DemoOrt.AssertClose(expected, output, Tolerance);
    }
}
