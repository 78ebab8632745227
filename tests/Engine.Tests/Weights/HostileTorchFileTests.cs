using System.IO.Compression;
using System.Text;
using Engine.Weights;

namespace Engine.Tests.Weights;

/// <summary>
/// Malicious and damaged PyTorch archives: every global outside the allow-list, every constructing opcode, broken
/// pickles, escaping or bombing zip entries, and storages that do not match their tensors fail on opening with a
/// message naming the file and the fault. Nothing in a pickle is ever executed: the tests would notice a side effect
/// (the marker file) if it were.
/// </summary>
public sealed class HostileTorchFileTests : IDisposable
{
    private readonly WeightTestFolder _folder = new();

    public HostileTorchFileTests()
    {
        Marker = _folder.File_("pwned");
    }

    private string Marker { get; }

    public void Dispose() => _folder.Dispose();

    private string WriteArchive(string name, byte[] pickle, Action<TorchZipBuilder>? more = null)
    {
        var builder = new TorchZipBuilder("archive", pickle);
        more?.Invoke(builder);
        var path = _folder.File_(name);
        builder.WriteTo(path);
        return path;
    }

    private WeightFileException AssertFails(string path, string expected, WeightFileLimits? limits = null)
    {
        var ex = _folder.AssertFails(path, expected, () => TorchZipFile.Open(path, limits));
        Assert.False(File.Exists(Marker));
        return ex;
    }

    /// <summary><c>callable(argument)</c> in a pickle, the way exploit payloads are written (GLOBAL, MARK, arg, TUPLE, REDUCE).</summary>
    private byte[] Call(string module, string name, bool stackGlobal = false)
    {
        var w = new PickleWriter().Proto();
        if (stackGlobal)
        {
            w.StackGlobal(module, name);
        }
        else
        {
            w.Global(module, name);
        }

        return w.Mark().Str($"touch {Marker}").Tuple().Reduce().Stop().ToArray();
    }

    [Fact]
    public void OsSystem_IsRejectedByName() =>
        AssertFails(WriteArchive("os-system.bin", Call("os", "system")), "the global 'os.system' is not allowed");

    [Fact]
    public void PosixSystem_IsRejectedByName() =>
        AssertFails(WriteArchive("posix.bin", Call("posix", "system")), "the global 'posix.system' is not allowed");

    [Fact]
    public void BuiltinsExecThroughStackGlobal_IsRejectedByName() =>
        AssertFails(WriteArchive("exec.bin", Call("builtins", "exec", stackGlobal: true)), "the global 'builtins.exec' is not allowed");

    [Fact]
    public void BuiltinsEval_IsRejectedByName() =>
        AssertFails(WriteArchive("eval.bin", Call("builtins", "eval")), "the global 'builtins.eval' is not allowed");

    [Fact]
    public void SubprocessHiddenInsideAStateDict_IsRejected()
    {
        // A valid-looking state dict whose second value calls subprocess.Popen.
        var w = new PickleWriter().Proto().NewOrderedDict().Mark()
            .Str("a").Tensor(new TestTensor("FloatStorage", "0", 1, 0, [1]))
            .Str("b").Global("subprocess", "Popen").Mark().Str("id").Tuple().Reduce()
            .SetItems().Stop();
        var ex = AssertFails(WriteArchive("subprocess.bin", w.ToArray(), b => b.Storage("0", TestBytes.Float32(1))), "'subprocess.Popen' is not allowed");
        Assert.Contains("archive/data.pkl at byte", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownGlobal_IsRejectedByName() =>
        AssertFails(WriteArchive("numpy.bin", Call("numpy.core.multiarray", "_reconstruct")), "'numpy.core.multiarray._reconstruct' is not allowed");

    [Fact]
    public void StorageClassCalledDirectly_IsRejected()
    {
        var w = new PickleWriter().Proto().Global("torch", "FloatStorage").Mark().Int(4).Tuple().Reduce().Stop();
        AssertFails(WriteArchive("storage-call.bin", w.ToArray()), "may only appear in a storage's persistent id");
    }

    [Fact]
    public void InstOpcode_IsRejected()
    {
        var w = new PickleWriter().Proto().Mark().Str("echo").Op((byte)'i').Raw(Encoding.ASCII.GetBytes("os\nsystem\n")).Stop();
        AssertFails(WriteArchive("inst.bin", w.ToArray()), "opcode INST (0x69) constructs an arbitrary object");
    }

    [Fact]
    public void ObjOpcode_IsRejected()
    {
        var w = new PickleWriter().Proto().Mark().Global("collections", "OrderedDict").Op((byte)'o').Stop();
        AssertFails(WriteArchive("obj.bin", w.ToArray()), "opcode OBJ (0x6f) constructs an arbitrary object");
    }

    [Fact]
    public void ExtensionOpcode_IsRejected()
    {
        var w = new PickleWriter().Proto().Op(0x82).Raw(1).Stop();
        AssertFails(WriteArchive("ext.bin", w.ToArray()), "opcode EXT1 (0x82) is not allowed");
    }

    [Fact]
    public void UnknownOpcode_IsRejected()
    {
        var w = new PickleWriter().Proto().Op(0xff).Stop();
        AssertFails(WriteArchive("unknown-op.bin", w.ToArray()), "unknown opcode 0xff is not allowed");
    }

    [Fact]
    public void TruncatedPickle_Fails()
    {
        var full = PickleWriter.StateDict([("a", new TestTensor("FloatStorage", "0", 1, 0, [1]))]);
        AssertFails(WriteArchive("truncated-pickle.bin", full[..(full.Length / 2)], b => b.Storage("0", TestBytes.Float32(1))), "ends before STOP");
    }

    [Fact]
    public void LyingStringLength_Fails()
    {
        var w = new PickleWriter().Proto().Op((byte)'X').Raw(0xff, 0xff, 0xff, 0x7f).Stop();
        AssertFails(WriteArchive("string-length.bin", w.ToArray()), "runs past the end of the pickle");
    }

    [Fact]
    public void PickleThatIsNotADict_Fails() =>
        AssertFails(WriteArchive("list.bin", new PickleWriter().Proto().EmptyList().Stop().ToArray()), "holds a list, not a state dict");

    [Fact]
    public void EntryEscapingTheArchive_IsRejected()
    {
        var path = WriteArchive("dotdot.bin", PickleWriter.StateDict([("a", new TestTensor("FloatStorage", "0", 1, 0, [1]))]),
            b => b.Storage("0", TestBytes.Float32(1)).RawEntry("archive/../../evil.sh", Encoding.ASCII.GetBytes("#!/bin/sh")));
        AssertFails(path, "'archive/../../evil.sh' is not a plain relative path");
    }

    [Fact]
    public void AbsoluteEntryName_IsRejected()
    {
        var path = WriteArchive("absolute.bin", PickleWriter.StateDict([("a", new TestTensor("FloatStorage", "0", 1, 0, [1]))]),
            b => b.Storage("0", TestBytes.Float32(1)).RawEntry("/etc/cron.d/evil", [1]));
        AssertFails(path, "'/etc/cron.d/evil' is not a plain relative path");
    }

    [Fact]
    public void StorageKeyWithPathCharacters_IsRejected()
    {
        var pickle = PickleWriter.StateDict([("a", new TestTensor("FloatStorage", "../0", 1, 0, [1]))]);
        AssertFails(WriteArchive("storage-key.bin", pickle, b => b.Storage("0", TestBytes.Float32(1))), "storage key '../0', which is not a plain name");
    }

    [Fact]
    public void ZipBombStorage_IsRefusedWithoutInflating()
    {
        // 64 MiB of zeros compress to ~64 KiB; the tensor declares 4 floats.
        var pickle = PickleWriter.StateDict([("a", new TestTensor("FloatStorage", "0", 4, 0, [4]))]);
        var path = WriteArchive("bomb.bin", pickle, b => b.Storage("0", new byte[64 << 20], CompressionLevel.SmallestSize));
        Assert.True(new FileInfo(path).Length < 1 << 20);
        AssertFails(path, "is 67108864 bytes but its F32 storage of 4 elements needs 16");
    }

    [Fact]
    public void ZipBombWithLyingSizes_InflatesNoMoreThanTheTensor()
    {
        // The storage entry claims 16 bytes in both zip headers but inflates to 8 MiB: reads stop at the tensor's 16 bytes.
        var pickle = PickleWriter.StateDict([("a", new TestTensor("FloatStorage", "0", 4, 0, [4]))]);
        var path = WriteArchive("lying-bomb.bin", pickle, b => b.Storage("0", new byte[8 << 20], CompressionLevel.SmallestSize));
        ZipPatcher.SetUncompressedSize(path, "archive/data/0", 16);

        using var file = TorchZipFile.Open(path);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(new float[4], file.ReadFloat32("a"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 2 << 20, "reading a 16-byte tensor must not inflate the whole entry");
    }

    [Fact]
    public void ZipBombDataPkl_IsCappedAtTheLimit()
    {
        var bomb = new byte[4 << 20];
        bomb[0] = 0x80;
        bomb[1] = 2;
        var path = _folder.File_("pkl-bomb.bin");
        new TorchZipBuilder().Entry("data.pkl", bomb, CompressionLevel.SmallestSize).WriteTo(path);
        AssertFails(path, "is 4194304 bytes uncompressed, more than the limit of 1048576", new WeightFileLimits { MaxPickleBytes = 1 << 20 });

        // Headers that understate the size: the read stops at the declared 100 bytes (or at the limit), never inflating 4 MiB,
        // and the cut-off pickle is refused.
        ZipPatcher.SetUncompressedSize(path, "archive/data.pkl", 100);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        AssertFails(path, "archive/data.pkl at byte 2: unknown opcode 0x00", new WeightFileLimits { MaxPickleBytes = 1 << 20 });
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 3 << 20, "the data.pkl read must stop at the cap");
    }

    [Fact]
    public void StorageShorterThanTheTensor_Fails()
    {
        var pickle = PickleWriter.StateDict([("a", new TestTensor("FloatStorage", "0", 4, 0, [8]))]);
        AssertFails(WriteArchive("short-storage.bin", pickle, b => b.Storage("0", TestBytes.Float32(1, 2, 3, 4))),
            "tensor 'a' needs elements [0, 8) of storage '0', which holds 4");
    }

    [Fact]
    public void StorageEntryShorterThanDeclared_Fails()
    {
        var pickle = PickleWriter.StateDict([("a", new TestTensor("FloatStorage", "0", 4, 0, [4]))]);
        AssertFails(WriteArchive("short-entry.bin", pickle, b => b.Storage("0", TestBytes.Float32(1, 2))),
            "'archive/data/0' is 8 bytes but its F32 storage of 4 elements needs 16");
    }

    [Fact]
    public void CompressedStorageThatEndsEarly_FailsOnRead()
    {
        // Headers claim 16 bytes; the deflate stream holds 8.
        var pickle = PickleWriter.StateDict([("a", new TestTensor("FloatStorage", "0", 4, 0, [4]))]);
        var path = WriteArchive("short-deflate.bin", pickle, b => b.Storage("0", TestBytes.Float32(1, 2), CompressionLevel.Optimal));
        ZipPatcher.SetUncompressedSize(path, "archive/data/0", 16);

        using var file = TorchZipFile.Open(path);
        var ex = Assert.ThrowsAny<Exception>(() => file.ReadFloat32("a"));
        var weightError = Assert.IsType<WeightFileException>(ex);
        Assert.Contains("short-deflate.bin", weightError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingStorageEntry_Fails()
    {
        var pickle = PickleWriter.StateDict([("a", new TestTensor("FloatStorage", "7", 1, 0, [1]))]);
        AssertFails(WriteArchive("missing-storage.bin", pickle), "the archive has no entry 'archive/data/7'");
    }

    [Fact]
    public void NonContiguousTensor_Fails()
    {
        var pickle = PickleWriter.StateDict([("t", new TestTensor("FloatStorage", "0", 6, 0, [2, 3], [1, 2]))]);
        AssertFails(WriteArchive("transposed.bin", pickle, b => b.Storage("0", new byte[24])), "tensor 't' is not contiguous");
    }

    [Fact]
    public void HugeDimensions_OverflowIsCaught()
    {
        var pickle = PickleWriter.StateDict([("t", new TestTensor("FloatStorage", "0", 1, 0, [1L << 40, 1L << 40]))]);
        AssertFails(WriteArchive("overflow.bin", pickle, b => b.Storage("0", new byte[4])), "overflows 64 bits");
    }

    [Fact]
    public void BigEndianArchive_IsRefused()
    {
        var path = _folder.File_("big-endian.bin");
        new TorchZipBuilder().Entry("data.pkl", PickleWriter.StateDict([("a", new TestTensor("FloatStorage", "0", 1, 0, [1]))]))
            .Entry("byteorder", Encoding.ASCII.GetBytes("big")).Storage("0", new byte[4]).WriteTo(path);
        AssertFails(path, "byteorder is 'big'");
    }

    [Fact]
    public void LegacyTorchPickle_IsRefusedWithAdvice()
    {
        var path = _folder.File_("legacy.pt");
        File.WriteAllBytes(path, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
        AssertFails(path, "legacy (before PyTorch 1.6) pickle file");
    }

    [Fact]
    public void ZipWithoutDataPkl_Fails()
    {
        var path = _folder.File_("plain.zip.bin");
        new TorchZipBuilder().Entry("readme.txt", [1, 2, 3]).WriteTo(path);
        AssertFails(path, "has no <name>/data.pkl");
    }

    [Fact]
    public void TooManyEntries_Fails()
    {
        var path = WriteArchive("many.bin", PickleWriter.StateDict([("a", new TestTensor("FloatStorage", "0", 1, 0, [1]))]),
            b => b.Storage("0", new byte[4]).Entry("x1", []).Entry("x2", []));
        AssertFails(path, "the archive has 6 entries, more than the limit of 5", new WeightFileLimits { MaxZipEntries = 5 });
    }
}
