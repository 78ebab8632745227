using Engine.Conversion;
using Engine.Onnx;
using Engine.Tests.Weights;
using Engine.Weights;

namespace Engine.Tests.Conversion;

/// <summary>Weights streamed into initializer bytes: element conversion and the block-wise transpose.</summary>
public sealed class StreamedWeightTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("streamed-weight-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(1)] // one output row per pass over the source
    [InlineData(3)] // blocks that do not divide the 7 output rows
    [InlineData(1000)] // the whole tensor in one pass
    public void WriteTo_Transposed_EqualsTheTransposeWhateverTheBlock(int blockColumns)
    {
        const int Rows = 5;
        const int Columns = 7;
        var values = Enumerable.Range(0, Rows * Columns).Select(i => (i * 0.5f) - 3f).ToArray();
        using var weights = Open(TestBytes.Float16(values), "F16", Rows, Columns);

        var bytes = Write(new StreamedWeight(weights, "w", OnnxElementType.Float32, Rows, Columns, transpose: true, blockColumns * Rows));

        var written = Floats(bytes);
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Columns; c++)
            {
                Assert.Equal(values[(r * Columns) + c], written[(c * Rows) + r]);
            }
        }
    }

    [Fact]
    public void WriteTo_Float16_RoundsEachElementToNearest()
    {
        float[] values = [1f, 1f / 3f, -2.5e-8f, 65504f, 3.14159f];
        using var weights = Open(TestBytes.Float32(values), "F32", values.Length);

        var bytes = Write(new StreamedWeight(weights, "w", OnnxElementType.Float16, 0, 0, transpose: false));

        Assert.Equal(values.Length * 2, bytes.Length);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal((Half)values[i], BitConverter.ToHalf(bytes, 2 * i));
        }
    }

    [Fact]
    public void WriteTo_Float16BeyondRange_FailsNamingTheTensorAndValue()
    {
        using var weights = Open(TestBytes.Float32(1f, 70000f), "F32", 2);

        var error = Assert.Throws<ModelConversionException>(() =>
            Write(new StreamedWeight(weights, "w", OnnxElementType.Float16, 0, 0, transpose: false)));

        Assert.Contains("'w'", error.Message, StringComparison.Ordinal);
        Assert.Contains("70000", error.Message, StringComparison.Ordinal);
    }

    private WeightFile Open(byte[] data, string dtype, params long[] shape)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".safetensors");
        new SafetensorsBuilder().Add("w", dtype, shape, data).WriteTo(path);
        return WeightFiles.Open(path);
    }

    private static byte[] Write(StreamedWeight weight)
    {
        using var stream = new MemoryStream();
        weight.WriteTo(stream);
        return stream.ToArray();
    }

    private static float[] Floats(byte[] bytes) =>
        Enumerable.Range(0, bytes.Length / 4).Select(i => BitConverter.ToSingle(bytes, 4 * i)).ToArray();
}
