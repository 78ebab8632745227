using Engine.Models;
using Engine.Onnx;

namespace Engine.Tests.Onnx;

/// <summary>Exporters differ in IO types and shapes; the classifiers must tell each variant apart.</summary>
public sealed class ComponentIoTests
{
    private const int Float = 1;
    private const int Int32 = 6;
    private const int Int64 = 7;
    private const int Half = 10;

    [Theory]
    [InlineData(Float, true, Float, OnnxElementType.Float32, OnnxElementType.Float32)]
    [InlineData(Int64, false, Float, OnnxElementType.Int64, OnnxElementType.Float32)]
    [InlineData(Half, true, Half, OnnxElementType.Float16, OnnxElementType.Float16)]
    public void Classify_UNetVariants_ReportsTimestepAndPrecision(int timestepType, bool scalar, int sampleType, OnnxElementType expectedTimestep, OnnxElementType expectedSample)
    {
        var timestep = scalar ? OnnxBytes.Typed("timestep", timestepType) : OnnxBytes.Typed("timestep", timestepType, "batch_size");
        var signature = Read(
            [OnnxBytes.Typed("sample", sampleType, "batch_size", 4, "height", "width"), timestep, OnnxBytes.Typed("encoder_hidden_states", sampleType, "batch_size", 77, 1024)],
            [OnnxBytes.Typed("out_sample", sampleType, "batch_size", 4, "height", "width")]);
        var problems = new List<ModelProblem>();

        var io = UNetIo.Classify(signature, "unet/model.onnx", problems);

        Assert.Empty(problems);
        Assert.NotNull(io);
        Assert.Equal(expectedTimestep, io.TimestepType);
        Assert.Equal(scalar, io.TimestepIsScalar);
        Assert.Equal(expectedTimestep == OnnxElementType.Int64, io.TimestepIsInteger);
        Assert.Equal(expectedSample, io.SampleType);
        Assert.Equal(1024, io.CrossAttentionDim);
    }

    [Theory]
    [InlineData(Int64, OnnxElementType.Int64)]
    [InlineData(Int32, OnnxElementType.Int32)]
    public void Classify_TextEncoderIds_ReportsIdType(int idsType, OnnxElementType expected)
    {
        var signature = Read(
            [OnnxBytes.Typed("input_ids", idsType, "batch_size", 77)],
            [OnnxBytes.Value("last_hidden_state", "batch_size", 77, 1024), OnnxBytes.Value("pooler_output", "batch_size", 1024)]);

        var io = TextEncoderIo.Classify(signature, "text_encoder/model.onnx", []);

        Assert.Equal(expected, io!.InputIdsType);
        Assert.Equal(77, io.SequenceLength);
        Assert.Equal(1024, io.HiddenSize);
    }

    [Theory]
    [InlineData("latent_parameters", 8, VaeEncoderOutputKind.LatentParameters, 4)]
    [InlineData("latent_sample", 4, VaeEncoderOutputKind.LatentSample, 4)]
    public void Classify_VaeEncoderOutputs_TellsParametersFromSample(string output, int channels, VaeEncoderOutputKind kind, int latentChannels)
    {
        var signature = Read([OnnxBytes.Value("sample", "batch_size", 3, "height", "width")], [OnnxBytes.Value(output, "batch_size", channels, "h", "w")]);

        var io = VaeEncoderIo.Classify(signature, "vae_encoder/model.onnx", []);

        Assert.Equal(kind, io!.OutputKind);
        Assert.Equal(latentChannels, io.LatentChannels);
    }

    [Theory]
    [InlineData("int32 timestep", "input 'timestep' is int32; expected float32 or float16 or int64")]
    [InlineData("rank-2 timestep", "input 'timestep' has rank 2")]
    [InlineData("extra input", "needs input 'text_embeds'")]
    [InlineData("renamed output", "no output named 'out_sample'")]
    public void Classify_UnsupportedUNet_ReportsProblemNamingFile(string variant, string fragment)
    {
        var timestep = variant switch
        {
            "int32 timestep" => OnnxBytes.Typed("timestep", Int32),
            "rank-2 timestep" => OnnxBytes.Value("timestep", 1, 1),
            _ => OnnxBytes.Value("timestep"),
        };
        List<byte[]> inputs = [OnnxBytes.Value("sample", "b", 4, "h", "w"), timestep, OnnxBytes.Value("encoder_hidden_states", "b", 77, 768)];
        if (variant == "extra input")
        {
            inputs.Add(OnnxBytes.Value("text_embeds", "b", 1280));
        }

        var signature = Read(inputs, [OnnxBytes.Value(variant == "renamed output" ? "noise_pred" : "out_sample", "b", 4, "h", "w")]);
        var problems = new List<ModelProblem>();

        Assert.Null(UNetIo.Classify(signature, "unet/model.onnx", problems));

        var problem = Assert.Single(problems);
        Assert.Equal("unet/model.onnx", problem.File);
        Assert.StartsWith("unet/model.onnx: ", problem.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, problem.Message, StringComparison.Ordinal);
    }

    private static OnnxModelSignature Read(IEnumerable<byte[]> inputs, IEnumerable<byte[]> outputs)
    {
        using var stream = new MemoryStream(OnnxBytes.Model(OnnxBytes.Graph(inputs, outputs, [])));
        return OnnxModelReader.Read(stream);
    }
}
