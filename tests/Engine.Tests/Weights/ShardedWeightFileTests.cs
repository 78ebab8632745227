using System.Text.Json;
using Engine.Weights;

namespace Engine.Tests.Weights;

public sealed class ShardedWeightFileTests : IDisposable
{
    private readonly WeightTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string WriteIndex(string name, Dictionary<string, string> weightMap)
    {
        var path = _folder.File_(name);
        File.WriteAllText(path, JsonSerializer.Serialize(new { metadata = new { total_size = 0 }, weight_map = weightMap }));
        return path;
    }

    private void WriteTwoShards()
    {
        new SafetensorsBuilder().AddF32("a", [2], [1, 2]).AddF32("b", [1], [3]).WriteTo(_folder.File_("model-00001-of-00002.safetensors"));
        new SafetensorsBuilder().AddF32("c", [3], [4, 5, 6]).WriteTo(_folder.File_("model-00002-of-00002.safetensors"));
    }

    [Fact]
    public void SafetensorsShards_FormOneDirectory()
    {
        WriteTwoShards();
        var index = WriteIndex("diffusion_pytorch_model.safetensors.index.json", new()
        {
            ["a"] = "model-00001-of-00002.safetensors",
            ["c"] = "model-00002-of-00002.safetensors",
            ["b"] = "model-00001-of-00002.safetensors",
        });

        using var file = WeightFiles.Open(index);
        var sharded = Assert.IsType<ShardedWeightFile>(file);
        Assert.Equal(["a", "c", "b"], file.Tensors.Select(t => t.Name));
        Assert.Equal(2, sharded.ShardPaths.Count);
        Assert.Equal([1f, 2], file.ReadFloat32("a"));
        Assert.Equal([3f], file.ReadFloat32("b"));
        Assert.Equal([4f, 5, 6], file.ReadFloat32("c"));
        Assert.EndsWith("model-00002-of-00002.safetensors", file.GetTensor("c").Location.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public void BinShards_FormOneDirectory()
    {
        new TorchZipBuilder("pytorch_model-00001-of-00001", PickleWriter.StateDict([("x", new TestTensor("FloatStorage", "0", 2, 0, [2]))]))
            .Storage("0", TestBytes.Float32(7, 8)).WriteTo(_folder.File_("pytorch_model-00001-of-00001.bin"));
        var index = WriteIndex("pytorch_model.bin.index.json", new() { ["x"] = "pytorch_model-00001-of-00001.bin" });

        using var file = WeightFiles.Open(index);
        Assert.Equal([7f, 8], file.ReadFloat32("x"));
    }

    [Fact]
    public void ShardNameLeavingTheFolder_IsRejected()
    {
        WriteTwoShards();
        var index = WriteIndex("escape.safetensors.index.json", new() { ["a"] = "../model-00001-of-00002.safetensors" });
        _folder.AssertFails(index, "'../model-00001-of-00002.safetensors' is not a plain file name", () => ShardedWeightFile.Open(index));
    }

    [Fact]
    public void AbsoluteShardName_IsRejected()
    {
        var index = WriteIndex("absolute.safetensors.index.json", new() { ["a"] = "/etc/passwd" });
        _folder.AssertFails(index, "'/etc/passwd' is not a plain file name", () => ShardedWeightFile.Open(index));
    }

    [Fact]
    public void ShardLinkingOutOfTheFolder_IsRejected()
    {
        using var outside = new WeightTestFolder();
        var target = outside.File_("elsewhere.safetensors");
        new SafetensorsBuilder().AddF32("a", [1], [1]).WriteTo(target);
        File.CreateSymbolicLink(_folder.File_("linked.safetensors"), target);
        var index = WriteIndex("link.safetensors.index.json", new() { ["a"] = "linked.safetensors" });
        _folder.AssertFails(index, "is a link to a file outside", () => ShardedWeightFile.Open(index));
    }

    [Fact]
    public void TensorMissingFromItsShard_Fails()
    {
        WriteTwoShards();
        var index = WriteIndex("missing.safetensors.index.json", new()
        {
            ["a"] = "model-00001-of-00002.safetensors",
            ["b"] = "model-00001-of-00002.safetensors",
            ["c"] = "model-00001-of-00002.safetensors",
        });
        _folder.AssertFails(index, "puts tensor 'c' in 'model-00001-of-00002.safetensors', which has no such tensor", () => ShardedWeightFile.Open(index));
    }

    [Fact]
    public void ShardTensorTheIndexDoesNotList_Fails()
    {
        WriteTwoShards();
        var index = WriteIndex("extra.safetensors.index.json", new() { ["a"] = "model-00001-of-00002.safetensors" });
        _folder.AssertFails(index, "holds tensor 'b', which the index does not assign to it", () => ShardedWeightFile.Open(index));
    }

    [Fact]
    public void MissingShard_Fails()
    {
        var index = WriteIndex("gone.safetensors.index.json", new() { ["a"] = "model-00009-of-00009.safetensors" });
        _folder.AssertFails(index, "the shard 'model-00009-of-00009.safetensors' is missing", () => ShardedWeightFile.Open(index));
    }

    [Fact]
    public void BrokenShard_FailsNamingTheShard()
    {
        File.WriteAllBytes(_folder.File_("bad.safetensors"), [1, 2, 3]);
        var index = WriteIndex("bad.safetensors.index.json", new() { ["a"] = "bad.safetensors" });
        var ex = Assert.Throws<WeightFileException>(() => ShardedWeightFile.Open(index));
        Assert.EndsWith("bad.safetensors", ex.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public void IndexWithoutWeightMap_Fails()
    {
        var path = _folder.File_("nomap.safetensors.index.json");
        File.WriteAllText(path, """{"metadata": {}}""");
        _folder.AssertFails(path, "no \"weight_map\" object", () => ShardedWeightFile.Open(path));
    }

    [Fact]
    public void IndexThatIsNotJson_Fails()
    {
        var path = _folder.File_("garbage.safetensors.index.json");
        File.WriteAllText(path, "weight_map: {");
        _folder.AssertFails(path, "not valid JSON", () => ShardedWeightFile.Open(path));
    }
}
