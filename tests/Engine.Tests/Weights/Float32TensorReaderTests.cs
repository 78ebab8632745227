using Engine.Weights;

namespace Engine.Tests.Weights;

public sealed class Float32TensorReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("float32-reader-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("F32")]
    [InlineData("F16")]
    [InlineData("BF16")]
    public void Read_InPieces_GivesTheSameValuesAsReadFloat32(string dtype)
    {
        var values = Enumerable.Range(0, 10).Select(i => (i * 0.25f) - 1f).ToArray();
        var data = dtype switch
        {
            "F32" => TestBytes.Float32(values),
            "F16" => TestBytes.Float16(values),
            _ => TestBytes.BFloat16(values),
        };
        var path = Path.Combine(_folder, "w.safetensors");
        new SafetensorsBuilder().Add("w", dtype, [2, 5], data).WriteTo(path);
        using var weights = WeightFiles.Open(path);

        using var reader = weights.OpenFloat32Reader("w");
        var read = new List<float>();
        var piece = new float[3];
        int count;
        while ((count = reader.Read(piece)) > 0)
        {
            read.AddRange(piece.Take(count));
        }

        Assert.Equal(weights.ReadFloat32("w"), read);
        Assert.Equal(0, reader.Remaining);
        Assert.Throws<WeightFileException>(() => reader.ReadExactly(new float[1]));
    }

    [Fact]
    public void OpenFloat32Reader_IntegerTensor_FailsNamingIt()
    {
        var path = Path.Combine(_folder, "ids.safetensors");
        new SafetensorsBuilder().Add("ids", "I64", [1], new byte[8]).WriteTo(path);
        using var weights = WeightFiles.Open(path);

        var error = Assert.Throws<ArgumentException>(() => weights.OpenFloat32Reader("ids"));

        Assert.Contains("'ids'", error.Message, StringComparison.Ordinal);
    }
}
