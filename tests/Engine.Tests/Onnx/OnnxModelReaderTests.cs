using Engine.Onnx;
using Engine.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace Engine.Tests.Onnx;

public sealed class OnnxModelReaderTests
{
    [SkippableTheory]
    [InlineData("text_encoder")]
    [InlineData("unet")]
    [InlineData("vae_encoder")]
    [InlineData("vae_decoder")]
    public void Read_FixtureGraph_MatchesOnnxRuntimeMetadata(string component)
    {
        var path = Fixtures.Path_("tiny-sd2", component, "model.onnx");
        var signature = OnnxModelReader.Read(path);
        using var session = new InferenceSession(path);

        AssertSame(session.InputMetadata, signature.Inputs);
        AssertSame(session.OutputMetadata, signature.Outputs);
        Assert.Equal(7, signature.IrVersion);
        Assert.Equal(14, signature.Opset);
        Assert.Empty(signature.ExternalData);
    }

    [SkippableFact]
    public void Read_TinyUNet_DescribesSymbolicShapes()
    {
        var signature = OnnxModelReader.Read(Fixtures.Path_("tiny-sd2", "unet", "model.onnx"));

        Assert.Equal("sample: float32 [batch_size, 4, height, width]", signature.Input("sample")!.ToString());
        Assert.True(signature.Input("timestep")!.IsScalar);
        Assert.Equal("encoder_hidden_states: float32 [batch_size, sequence_length, 32]", signature.Input("encoder_hidden_states")!.ToString());
    }

    [Theory]
    [InlineData(new byte[] { }, "empty")]
    [InlineData(new byte[] { 0x08, 0x07 }, "no IR version or no graph")]
    [InlineData(new byte[] { 0x08, 0x07, 0x3A, 0x7F, 0x01 }, "ends early")]
    [InlineData(new byte[] { 0x0F, 0x00 }, "invalid protobuf")]
    public void Read_MalformedBytes_ThrowsInvalidData(byte[] bytes, string fragment)
    {
        using var stream = new MemoryStream(bytes);

        var ex = Assert.Throws<InvalidDataException>(() => OnnxModelReader.Read(stream));

        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    private static void AssertSame(IReadOnlyDictionary<string, NodeMetadata> expected, IReadOnlyList<OnnxTensorInfo> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Select(a => a.Name).Order(StringComparer.Ordinal));
        foreach (var info in actual)
        {
            var metadata = expected[info.Name];
            Assert.Equal((int)metadata.ElementDataType, (int)info.ElementType);
            Assert.Equal(metadata.Dimensions.Length, info.Rank);
            for (var i = 0; i < info.Rank; i++)
            {
                var dim = info.Dimensions![i];
                Assert.Equal(metadata.Dimensions[i], dim.Size is { } size ? (int)size : -1);
                if (!dim.IsFixed)
                {
                    Assert.Equal(metadata.SymbolicDimensions[i], dim.Symbol);
                }
            }
        }
    }
}
