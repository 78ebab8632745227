using System.Runtime.InteropServices;
using Engine.Onnx;
using Engine.Onnx.Writing;

namespace Engine.Tests.OnnxWriting;

/// <summary>Initializers whose bytes are written only at save time encode exactly as held ones.</summary>
public sealed class DeferredInitializerTests
{
    [Fact]
    public void ToBytes_DeferredInitializers_ByteIdenticalToHeld()
    {
        Assert.Equal(Build(deferred: false).ToBytes(), Build(deferred: true).ToBytes());
    }

    [Fact]
    public void Save_DeferredInitializersWithExternalData_ByteIdenticalToHeld()
    {
        var folder = Directory.CreateTempSubdirectory("onnxwriting-deferred-");
        try
        {
            var options = new OnnxExternalDataOptions { SizeThreshold = 64, Alignment = 64 };
            Build(deferred: false).Save(Path.Combine(folder.FullName, "held", "model.onnx"), options);
            Build(deferred: true).Save(Path.Combine(folder.FullName, "deferred", "model.onnx"), options);

            foreach (var file in new[] { "model.onnx", "model.onnx_data" })
            {
                Assert.Equal(
                    File.ReadAllBytes(Path.Combine(folder.FullName, "held", file)),
                    File.ReadAllBytes(Path.Combine(folder.FullName, "deferred", file)));
            }

            Assert.True(new FileInfo(Path.Combine(folder.FullName, "deferred", "model.onnx_data")).Length >= 300 * 4);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Save_DeferredWriterWritesTheWrongLength_FailsNamingTheTensor()
    {
        var g = new OnnxGraphBuilder();
        g.AddInitializer(new OnnxTensor("short", OnnxElementType.Float32, [4], stream => stream.Write(new byte[12])));

        var error = Assert.Throws<InvalidOperationException>(() => g.ToBytes());

        Assert.Contains("'short'", error.Message, StringComparison.Ordinal);
        Assert.Contains("12 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_OfADeferredTensor_Throws()
    {
        var tensor = new OnnxTensor("w", OnnxElementType.Float16, [2, 3], stream => stream.Write(new byte[12]));

        Assert.True(tensor.IsDeferred);
        Assert.Equal(12, tensor.ByteLength);
        Assert.Throws<InvalidOperationException>(() => tensor.Data);
    }

    [Fact]
    public void Run_DeferredWeights_ComputeWithThem()
    {
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(Build(deferred: true).ToBytes());
        using var input = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(new long[] { 299, 0 }, [2]);
        using var runOptions = new Microsoft.ML.OnnxRuntime.RunOptions();
        using var results = session.Run(runOptions, ["ids"], [input], ["y"]);

        Assert.Equal([299f + 5f, 0f + 5f], results[0].GetTensorDataAsSpan<float>().ToArray());
    }

    // A lookup table large enough for the data file, a small bias that stays inline, and nodes around them.
    private static OnnxGraphBuilder Build(bool deferred)
    {
        var table = Enumerable.Range(0, 300).Select(i => (float)i).ToArray();
        var g = new OnnxGraphBuilder();
        g.AddInput("ids", OnnxElementType.Int64, "n");
        if (deferred)
        {
            g.AddInitializer(new OnnxTensor("table", OnnxElementType.Float32, [300], stream => stream.Write(MemoryMarshal.AsBytes(table.AsSpan()))));
            g.AddInitializer(new OnnxTensor("bias", OnnxElementType.Float32, [1], stream => stream.Write(BitConverter.GetBytes(5f))));
        }
        else
        {
            g.AddInitializer("table", table, 300);
            g.AddInitializer("bias", [5f], 1);
        }

        g.OpNamed("y", "Add", [g.Op("Gather", ["table", "ids"]), "bias"]);
        g.AddOutput("y", OnnxElementType.Float32, "n");
        return g;
    }
}
