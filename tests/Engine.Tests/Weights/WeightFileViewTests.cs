using Engine.Weights;

namespace Engine.Tests.Weights;

/// <summary>Renamed tensors, row ranges of a fused tensor and reshapes over safetensors and torch zip files.</summary>
public sealed class WeightFileViewTests : IDisposable
{
    private static readonly float[] s_fused = [.. Enumerable.Range(0, 12).Select(i => (float)i)];
    private readonly WeightTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("fused.safetensors")]
    [InlineData("fused.ckpt")]
    public void RowRanges_ReadTheirRowsOnly(string name)
    {
        using var source = WeightFiles.Open(Write(name));
        using var view = WeightFileView.Create(source,
        [
            new("q", "in_proj", 0, 2),
            new("k", "in_proj", 2, 2),
            new("v", "in_proj", 4, 2),
            new("bias_v", "bias", 4, 2),
            new("conv_as_linear", "conv", Shape: [2, 2]),
        ]);

        Assert.Equal([0f, 1, 2, 3], view.ReadFloat32("q"));
        Assert.Equal([4f, 5, 6, 7], view.ReadFloat32("k"));
        Assert.Equal([8f, 9, 10, 11], view.ReadFloat32("v"));
        Assert.Equal([2L, 2], view.GetTensor("v").Shape);
        Assert.Equal([-5f, -6], view.ReadFloat32("bias_v"));
        Assert.Equal([2L, 2], view.GetTensor("conv_as_linear").Shape);
        Assert.Equal([1f, 2, 3, 4], view.ReadFloat32("conv_as_linear"));
        Assert.Equal("in_proj", view.SourceName("k"));
        Assert.Equal(5, view.Tensors.Count);
    }

    [Fact]
    public void DisposingTheView_LeavesTheSourceOpen()
    {
        using var source = WeightFiles.Open(Write("fused.safetensors"));
        WeightFileView.Create(source, [new("q", "in_proj", 0, 2)]).Dispose();

        Assert.Equal(s_fused, source.ReadFloat32("in_proj"));
    }

    [Fact]
    public void RowsPastTheEnd_AreRefusedNamingBothTensors()
    {
        using var source = WeightFiles.Open(Write("fused.safetensors"));

        var error = Assert.Throws<WeightFileException>(() => WeightFileView.Create(source, [new("v", "in_proj", 4, 3)]));

        Assert.Contains("'in_proj'", error.Message, StringComparison.Ordinal);
        Assert.Contains("rows 4 to 6", error.Message, StringComparison.Ordinal);
        Assert.Contains("'v'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShapeWithOtherElementCount_IsRefused()
    {
        using var source = WeightFiles.Open(Write("fused.safetensors"));

        var error = Assert.Throws<WeightFileException>(() => WeightFileView.Create(source, [new("w", "conv", Shape: [3, 2])]));

        Assert.Contains("[3, 2]", error.Message, StringComparison.Ordinal);
        Assert.Contains("4 elements", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingSource_IsNamed()
    {
        using var source = WeightFiles.Open(Write("fused.safetensors"));

        var error = Assert.Throws<WeightFileException>(() => WeightFileView.Create(source, [new("w", "nothing")]));

        Assert.Contains("no tensor 'nothing'", error.Message, StringComparison.Ordinal);
    }

    private string Write(string name)
    {
        var path = _folder.File_(name);
        if (name.EndsWith(".safetensors", StringComparison.Ordinal))
        {
            new SafetensorsBuilder()
                .AddF32("in_proj", [6, 2], s_fused)
                .AddF32("bias", [6], [-1, -2, -3, -4, -5, -6])
                .AddF32("conv", [2, 2, 1, 1], [1, 2, 3, 4])
                .WriteTo(path);
            return path;
        }

        var pickle = PickleWriter.StateDict([
            ("in_proj", new TestTensor("FloatStorage", "0", 12, 0, [6, 2])),
            ("bias", new TestTensor("FloatStorage", "1", 6, 0, [6])),
            ("conv", new TestTensor("FloatStorage", "2", 4, 0, [2, 2, 1, 1])),
        ]);
        new TorchZipBuilder("archive", pickle)
            .Storage("0", TestBytes.Float32(s_fused), System.IO.Compression.CompressionLevel.Optimal)
            .Storage("1", TestBytes.Float32(-1, -2, -3, -4, -5, -6))
            .Storage("2", TestBytes.Float32(1, 2, 3, 4))
            .WriteTo(path);
        return path;
    }
}
