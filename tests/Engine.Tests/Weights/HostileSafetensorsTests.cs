using System.Text;
using Engine.Weights;

namespace Engine.Tests.Weights;

/// <summary>Damaged and malicious safetensors files fail on opening with a message naming the file and the fault.</summary>
public sealed class HostileSafetensorsTests : IDisposable
{
    private readonly WeightTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string name, byte[] bytes)
    {
        var path = _folder.File_(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private void AssertFails(string path, string expected) =>
        _folder.AssertFails(path, expected, () => SafetensorsFile.Open(path));

    private static SafetensorsBuilder TwoTensors() =>
        new SafetensorsBuilder().AddF32("a", [2, 2], [1, 2, 3, 4]).AddF32("b", [3], [5, 6, 7]);

    [Fact]
    public void TruncatedFile_Fails()
    {
        var bytes = TwoTensors().Build();
        AssertFails(Write("truncated.safetensors", bytes[..^4]), "outside the data area");
    }

    [Fact]
    public void TruncatedInsideHeader_Fails()
    {
        var bytes = TwoTensors().Build();
        AssertFails(Write("cut-header.safetensors", bytes[..20]), "is more than the");
    }

    [Fact]
    public void ShorterThanLengthPrefix_Fails() =>
        AssertFails(Write("tiny.safetensors", [1, 2, 3]), "too short");

    [Fact]
    public void LyingHeaderLength_Fails()
    {
        var builder = TwoTensors();
        var bytes = SafetensorsBuilder.Compose(builder.HeaderJson(), builder.Data(), declaredLength: 1_000_000);
        AssertFails(Write("lying.safetensors", bytes), "header length 1000000 is more than");
    }

    [Fact]
    public void HeaderLengthAboveLimit_FailsBeforeReading()
    {
        var bytes = SafetensorsBuilder.Compose("{}", [], declaredLength: ulong.MaxValue);
        AssertFails(Write("huge-header.safetensors", bytes), "exceeds the limit");
    }

    [Fact]
    public void HeaderLengthUnderLimitButAboveCustomLimit_Fails()
    {
        var path = Write("limited.safetensors", TwoTensors().Build());
        var ex = Assert.Throws<WeightFileException>(() => SafetensorsFile.Open(path, new WeightFileLimits { MaxSafetensorsHeaderBytes = 16 }));
        Assert.Contains("exceeds the limit of 16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonJsonHeader_Fails() =>
        AssertFails(Write("not-json.safetensors", SafetensorsBuilder.Compose("{\"a\": [1, 2", [])), "not valid JSON");

    [Fact]
    public void HeaderNotAnObject_Fails() =>
        AssertFails(Write("array.safetensors", SafetensorsBuilder.Compose("[1, 2, 3]", [])), "does not start with '{'");

    [Fact]
    public void RandomBytes_Fail()
    {
        var bytes = Encoding.ASCII.GetBytes("PK\u0003\u0004 this is a zip file, not safetensors at all ...");
        AssertFails(Write("random.safetensors", bytes), "header length");
    }

    [Fact]
    public void OffsetsPastEndOfFile_Fail()
    {
        var header = """{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [1000], "data_offsets": [8, 4008]}}""";
        AssertFails(Write("past-eof.safetensors", SafetensorsBuilder.Compose(header, new byte[12])), "tensor 'b' has data_offsets [8, 4008] outside the data area of 12 bytes");
    }

    [Fact]
    public void OverlappingTensors_Fail()
    {
        var header = """{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}""";
        AssertFails(Write("overlap.safetensors", SafetensorsBuilder.Compose(header, new byte[12])), "tensors 'a' and 'b' overlap");
    }

    [Fact]
    public void OffsetsOfWrongSize_Fail()
    {
        var header = """{"a": {"dtype": "F16", "shape": [2, 3], "data_offsets": [0, 24]}}""";
        AssertFails(Write("wrong-size.safetensors", SafetensorsBuilder.Compose(header, new byte[24])), "F16[2, 3] (12 bytes) but its data_offsets [0, 24] span 24 bytes");
    }

    [Fact]
    public void GapBetweenTensors_Fails()
    {
        var header = """{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "b": {"dtype": "F32", "shape": [1], "data_offsets": [8, 12]}}""";
        AssertFails(Write("gap.safetensors", SafetensorsBuilder.Compose(header, new byte[12])), "belong to no tensor");
    }

    [Fact]
    public void TrailingBytesNoTensorOwns_Fail()
    {
        var header = """{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}""";
        AssertFails(Write("trailing.safetensors", SafetensorsBuilder.Compose(header, new byte[8])), "cover 4 of the 8 data bytes");
    }

    [Fact]
    public void HugeDimensions_OverflowIsCaught()
    {
        var header = """{"a": {"dtype": "F32", "shape": [4294967296, 4294967296, 16], "data_offsets": [0, 0]}}""";
        AssertFails(Write("overflow.safetensors", SafetensorsBuilder.Compose(header, [])), "overflows 64 bits");
    }

    [Fact]
    public void ElementCountTimesDtypeSize_OverflowIsCaught()
    {
        var header = """{"a": {"dtype": "F64", "shape": [2305843009213693952], "data_offsets": [0, 0]}}""";
        AssertFails(Write("overflow-bytes.safetensors", SafetensorsBuilder.Compose(header, [])), "overflows 64 bits");
    }

    [Fact]
    public void DimensionBeyondInt64_Fails()
    {
        var header = """{"a": {"dtype": "F32", "shape": [99999999999999999999999], "data_offsets": [0, 0]}}""";
        AssertFails(Write("bignum.safetensors", SafetensorsBuilder.Compose(header, [])), "not an integer that fits in 64 bits");
    }

    [Fact]
    public void NegativeDimension_Fails()
    {
        var header = """{"a": {"dtype": "F32", "shape": [-1, 4], "data_offsets": [0, 0]}}""";
        AssertFails(Write("negative.safetensors", SafetensorsBuilder.Compose(header, [])), "negative dimension");
    }

    [Fact]
    public void UnsupportedDtype_IsNamed()
    {
        var header = """{"a": {"dtype": "F8_E4M3", "shape": [4], "data_offsets": [0, 4]}}""";
        AssertFails(Write("f8.safetensors", SafetensorsBuilder.Compose(header, new byte[4])), "dtype 'F8_E4M3', which is not supported");
    }

    [Fact]
    public void NonStringMetadata_Fails()
    {
        var header = """{"__metadata__": {"format": 1}, "a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}""";
        AssertFails(Write("metadata.safetensors", SafetensorsBuilder.Compose(header, new byte[4])), "__metadata__ value 'format' is not a string");
    }

    [Fact]
    public void DuplicateTensorName_Fails()
    {
        var header = """{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}""";
        AssertFails(Write("duplicate.safetensors", SafetensorsBuilder.Compose(header, new byte[8])), "names 'a' twice");
    }

    [Fact]
    public void UnknownField_Fails()
    {
        var header = """{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4], "exec": "rm -rf /"}}""";
        AssertFails(Write("field.safetensors", SafetensorsBuilder.Compose(header, new byte[4])), "unexpected or repeated field 'exec'");
    }

    [Fact]
    public void DeeplyNestedHeader_Fails()
    {
        var header = "{\"a\":" + new string('[', 1000) + new string(']', 1000) + "}";
        AssertFails(Write("deep.safetensors", SafetensorsBuilder.Compose(header, [])), "not valid JSON");
    }
}
