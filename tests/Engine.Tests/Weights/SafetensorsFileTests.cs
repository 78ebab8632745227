using Engine.Weights;

namespace Engine.Tests.Weights;

public sealed class SafetensorsFileTests : IDisposable
{
    private readonly WeightTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Open_ListsTensorsAndReadsEveryDtype()
    {
        var path = _folder.File_("all.safetensors");
        new SafetensorsBuilder()
            .Metadata("format", "pt")
            .AddF32("a.weight", [2, 3], [1, -2, 3.5f, 0, 1e-3f, -7])
            .Add("b.f16", "F16", [3], TestBytes.Float16(0.5f, -1.25f, 65504))
            .Add("c.bf16", "BF16", [2], TestBytes.BFloat16(3.0f, -0.15625f))
            .Add("d.f64", "F64", [1], TestBytes.Float64(2.25))
            .Add("e.ids", "I64", [1, 3], TestBytes.Int64(0, 1, long.MaxValue))
            .Add("f.i32", "I32", [2], TestBytes.Int32(-5, 9))
            .Add("g.scalar", "F32", [], TestBytes.Float32(42))
            .Add("h.empty", "F32", [0, 4], [])
            .WriteTo(path);

        using var file = SafetensorsFile.Open(path);
        Assert.Equal(["a.weight", "b.f16", "c.bf16", "d.f64", "e.ids", "f.i32", "g.scalar", "h.empty"], file.Tensors.Select(t => t.Name));
        Assert.Equal("pt", file.Metadata["format"]);
        var a = file.GetTensor("a.weight");
        Assert.Equal(WeightDataType.Float32, a.DataType);
        Assert.Equal([2L, 3], a.Shape);
        Assert.Equal([3L, 1], a.Strides);
        Assert.Equal(24, a.ByteLength);
        Assert.Equal([1, -2, 3.5f, 0, 1e-3f, -7], file.ReadFloat32("a.weight"));
        Assert.Equal([0.5f, -1.25f, 65504f], file.ReadFloat32("b.f16"));
        Assert.Equal([3.0f, -0.15625f], file.ReadFloat32("c.bf16"));
        Assert.Equal([2.25f], file.ReadFloat32("d.f64"));
        var ids = new long[3];
        file.ReadInt64("e.ids", ids);
        Assert.Equal([0L, 1, long.MaxValue], ids);
        var small = new long[2];
        file.ReadInt64("f.i32", small);
        Assert.Equal([-5L, 9], small);
        Assert.Equal([42f], file.ReadFloat32("g.scalar"));
        Assert.Empty(file.ReadFloat32("h.empty"));
        Assert.Equal(0, file.GetTensor("h.empty").ElementCount);
    }

    [Fact]
    public void ReadFloat32_LargeTensorCrossesChunks()
    {
        var values = Enumerable.Range(0, 700_000).Select(i => (float)Math.Sin(i)).ToArray();
        var path = _folder.File_("large.safetensors");
        new SafetensorsBuilder().AddF32("before", [3], [1, 2, 3]).AddF32("big", [700, 1000], values).AddF32("after", [1], [9]).WriteTo(path);

        using var file = SafetensorsFile.Open(path);
        var read = new float[700_000];
        file.ReadFloat32("big", read);
        Assert.Equal(values, read);
        Assert.Equal([9f], file.ReadFloat32("after"));
    }

    [Fact]
    public void CopyRawTo_CopiesOnlyThatTensorsBytes()
    {
        var path = _folder.File_("raw.safetensors");
        var half = TestBytes.Float16(1, 2, 3);
        new SafetensorsBuilder().AddF32("x", [2], [5, 6]).Add("y", "F16", [3], half).WriteTo(path);

        using var file = SafetensorsFile.Open(path);
        using var copy = new MemoryStream();
        file.CopyRawTo("y", copy);
        Assert.Equal(half, copy.ToArray());
        Assert.Equal(file.DataStart + 8, file.GetTensor("y").Location.Offset);
    }

    [Fact]
    public void Reads_RejectWrongDestinationTypeAndUnknownNames()
    {
        var path = _folder.File_("misuse.safetensors");
        new SafetensorsBuilder().AddF32("x", [2], [5, 6]).Add("ids", "I64", [1], TestBytes.Int64(3)).WriteTo(path);

        using var file = SafetensorsFile.Open(path);
        Assert.Throws<ArgumentException>(() => file.ReadFloat32("x", new float[3]));
        Assert.Throws<ArgumentException>(() => file.ReadFloat32("ids", new float[1]));
        Assert.Throws<ArgumentException>(() => file.ReadInt64("x", new long[2]));
        var missing = Assert.Throws<KeyNotFoundException>(() => file.GetTensor("nope"));
        Assert.Contains("nope", missing.Message, StringComparison.Ordinal);
        Assert.False(file.Contains("nope"));
    }

    [Fact]
    public void WeightFiles_OpensSafetensorsByExtension()
    {
        var path = _folder.File_("model.safetensors");
        new SafetensorsBuilder().AddF32("x", [1], [1]).WriteTo(path);
        using var file = WeightFiles.Open(path);
        Assert.IsType<SafetensorsFile>(file);
        Assert.Throws<WeightFileException>(() => WeightFiles.Open(_folder.File_("model.onnx")));
    }

    [Fact]
    public void OpenFile_HoldsAHandleThatTheLeakCheckWouldSee()
    {
        // WeightTestFolder.AssertFails proves "no handle left behind" with an exclusive open; this shows that check can fail.
        var path = _folder.File_("held.safetensors");
        new SafetensorsBuilder().AddF32("x", [1], [1]).WriteTo(path);
        using (SafetensorsFile.Open(path))
        {
            Assert.ThrowsAny<IOException>(() => new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose());
        }

        new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose();
    }

    [Fact]
    public void DisposedFile_RefusesReads()
    {
        var path = _folder.File_("disposed.safetensors");
        new SafetensorsBuilder().AddF32("x", [1], [1]).WriteTo(path);
        var file = SafetensorsFile.Open(path);
        file.Dispose();
        Assert.Throws<ObjectDisposedException>(() => file.ReadFloat32("x"));
    }
}
