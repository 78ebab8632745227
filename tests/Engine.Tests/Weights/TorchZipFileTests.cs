using System.IO.Compression;
using Engine.Weights;

namespace Engine.Tests.Weights;

public sealed class TorchZipFileTests : IDisposable
{
    private readonly WeightTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void StateDict_ListsAndReadsTensorsOfEveryStorageType()
    {
        var pickle = PickleWriter.StateDict([
            ("conv.weight", new TestTensor("FloatStorage", "0", 6, 0, [2, 1, 3])),
            ("norm.f16", new TestTensor("HalfStorage", "1", 3, 0, [3])),
            ("norm.bf16", new TestTensor("BFloat16Storage", "2", 2, 0, [2])),
            ("position_ids", new TestTensor("LongStorage", "3", 3, 0, [1, 3])),
            ("scalar", new TestTensor("FloatStorage", "4", 1, 0, [])),
        ]);
        var path = _folder.File_("pytorch_model.bin");
        new TorchZipBuilder("archive", pickle)
            .Storage("0", TestBytes.Float32(1, 2, 3, 4, 5, 6))
            .Storage("1", TestBytes.Float16(0.5f, -2, 1024))
            .Storage("2", TestBytes.BFloat16(-3, 0.25f))
            .Storage("3", TestBytes.Int64(0, 1, 2))
            .Storage("4", TestBytes.Float32(-1.5f))
            .WriteTo(path);

        using var file = TorchZipFile.Open(path);
        Assert.Equal("archive", file.ArchiveName);
        Assert.Equal(["conv.weight", "norm.f16", "norm.bf16", "position_ids", "scalar"], file.Tensors.Select(t => t.Name));
        Assert.Equal([2L, 1, 3], file.GetTensor("conv.weight").Shape);
        Assert.Equal("archive/data/0", file.GetTensor("conv.weight").Location.Entry);
        Assert.Equal([1f, 2, 3, 4, 5, 6], file.ReadFloat32("conv.weight"));
        Assert.Equal([0.5f, -2, 1024], file.ReadFloat32("norm.f16"));
        Assert.Equal([-3f, 0.25f], file.ReadFloat32("norm.bf16"));
        Assert.Equal(WeightDataType.Int64, file.GetTensor("position_ids").DataType);
        var ids = new long[3];
        file.ReadInt64("position_ids", ids);
        Assert.Equal([0L, 1, 2], ids);
        Assert.Equal([-1.5f], file.ReadFloat32("scalar"));
        Assert.Empty(file.GetTensor("scalar").Shape);
    }

    [Fact]
    public void ViewsIntoOneStorage_ReadTheirOwnSlices()
    {
        // Two tensors sharing storage "0" (as torch.save writes views and tied weights), the second at element offset 4.
        var pickle = PickleWriter.StateDict([
            ("first", new TestTensor("FloatStorage", "0", 10, 0, [2, 2])),
            ("second", new TestTensor("FloatStorage", "0", 10, 4, [3, 2])),
        ]);
        var path = _folder.File_("views.bin");
        new TorchZipBuilder("archive", pickle).Storage("0", TestBytes.Float32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)).WriteTo(path);

        using var file = TorchZipFile.Open(path);
        Assert.Equal([0f, 1, 2, 3], file.ReadFloat32("first"));
        Assert.Equal([4f, 5, 6, 7, 8, 9], file.ReadFloat32("second"));
        Assert.Equal(16, file.GetTensor("second").Location.Offset);
    }

    [Fact]
    public void CompressedStorages_AreStreamedCorrectly()
    {
        var values = Enumerable.Range(0, 300_000).Select(i => (float)(i % 97) / 7).ToArray();
        var pickle = PickleWriter.StateDict([
            ("big", new TestTensor("FloatStorage", "0", values.Length, 0, [300, 1000])),
            ("tail", new TestTensor("FloatStorage", "0", values.Length, 299_990, [10])),
        ]);
        var path = _folder.File_("compressed.bin");
        new TorchZipBuilder("archive", pickle).Storage("0", TestBytes.Float32(values), CompressionLevel.Optimal).WriteTo(path);

        using var file = TorchZipFile.Open(path);
        Assert.Equal(values, file.ReadFloat32("big"));
        Assert.Equal(values[^10..], file.ReadFloat32("tail"));
        using var raw = new MemoryStream();
        file.CopyRawTo("tail", raw);
        Assert.Equal(TestBytes.Float32(values[^10..]), raw.ToArray());
    }

    [Fact]
    public void Checkpoint_WithStateDictKeyAndTrainingScalars_ReadsTheStateDict()
    {
        // {"epoch": 5, "global_step": 470000, "lr": 1e-4, "state_dict": OrderedDict(...)} as a .ckpt holds it.
        var w = new PickleWriter().Proto().EmptyDict().BinPut().Mark()
            .Str("epoch").Int(5)
            .Str("global_step").Int(470_000)
            .Str("lr").Op((byte)'G').Raw(0x3f, 0x1a, 0x36, 0xe2, 0xeb, 0x1c, 0x43, 0x2d)
            .Str("pytorch-lightning_version").Str("1.4.2")
            .Str("state_dict").NewOrderedDict().Mark()
            .Str("model.diffusion_model.input_blocks.0.0.weight").Tensor(new TestTensor("HalfStorage", "0", 4, 0, [4]))
            .Str("model.diffusion_model.out.2.bias").Tensor(new TestTensor("HalfStorage", "1", 1, 0, [1]), rebuild: "_rebuild_tensor")
            .SetItems()
            .SetItems().Stop();
        var path = _folder.File_("model.ckpt");
        new TorchZipBuilder("model", w.ToArray())
            .Storage("0", TestBytes.Float16(1, 2, 3, 4))
            .Storage("1", TestBytes.Float16(-1))
            .WriteTo(path);

        using var file = WeightFiles.Open(path);
        var zip = Assert.IsType<TorchZipFile>(file);
        Assert.Equal("model", zip.ArchiveName);
        Assert.Equal(["model.diffusion_model.input_blocks.0.0.weight", "model.diffusion_model.out.2.bias"], file.Tensors.Select(t => t.Name));
        Assert.Equal([1f, 2, 3, 4], file.ReadFloat32("model.diffusion_model.input_blocks.0.0.weight"));
        Assert.Equal([-1f], file.ReadFloat32("model.diffusion_model.out.2.bias"));
    }

    [Fact]
    public void Parameters_MetadataBuildAndMemoReferences_AreUnderstood()
    {
        // OrderedDict with a _metadata attribute (BUILD), a Parameter (_rebuild_parameter), a storage reused through BINGET,
        // STACK_GLOBAL, FRAME and MEMOIZE (protocol 4), LONG1 and BININT2 integers.
        var w = new PickleWriter().Proto(4).Op(0x95).Raw(0, 0, 0, 0, 0, 0, 0, 0)
            .StackGlobal("collections", "OrderedDict").Op(0x94).EmptyTuple().Reduce().Op(0x94)
            .Mark()
            .Str("p").StackGlobal("torch._utils", "_rebuild_parameter").Op(0x94)
            .Mark().Tensor(new TestTensor("FloatStorage", "0", 1000, 0, [2])).Bool(true).NewOrderedDict().Tuple().Reduce()
            .Str("q").Global("torch._utils", "_rebuild_tensor_v2")
            .Mark().Mark().Str("storage").Global("torch", "FloatStorage").Str("0").Str("cuda:0").Op(0x8a).Raw(2, 0xe8, 0x03).Tuple().BinPersId()
            .Int(998).IntTuple([2]).IntTuple([1]).Bool(false).NewOrderedDict().Tuple().Reduce()
            .SetItems()
            .EmptyDict().Str("_metadata").NewOrderedDict().SetItem().Build()
            .Stop();
        var path = _folder.File_("params.pt");
        var storage = Enumerable.Range(0, 1000).Select(i => (float)i).ToArray();
        new TorchZipBuilder("archive", w.ToArray()).Storage("0", TestBytes.Float32(storage)).WriteTo(path);

        using var file = WeightFiles.Open(path);
        Assert.Equal([0f, 1], file.ReadFloat32("p"));
        Assert.Equal([998f, 999], file.ReadFloat32("q"));
    }
}
