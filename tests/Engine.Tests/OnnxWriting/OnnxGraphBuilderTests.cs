using Engine.Onnx;
using Engine.Onnx.Writing;
using static Engine.Tests.OnnxWriting.OrtRunner;

namespace Engine.Tests.OnnxWriting;

public sealed class OnnxGraphBuilderTests
{
    [Fact]
    public void Add_WithInitializerAndSymbolicDims_ComputesSum()
    {
        var g = new OnnxGraphBuilder("add");
        g.AddInput("x", OnnxElementType.Float32, "batch", 3);
        g.AddInitializer("b", [10f, 20f, 30f], 3);
        g.OpNamed("y", "Add", ["x", "b"]);
        g.AddOutput("y", OnnxElementType.Float32, "batch", 3);

        var y = RunSingle(g.ToBytes(), ("x", Floats([1, 2, 3, 4, 5, 6], 2, 3)));

        Assert.Equal([11f, 22f, 33f, 14f, 25f, 36f], y);
    }

    [Fact]
    public void MatMul_WithWeightMatrix_MultipliesRowMajor()
    {
        var g = new OnnxGraphBuilder();
        g.AddInput("x", OnnxElementType.Float32, "n", 2);
        var w = g.Constant([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        g.OpNamed("y", "MatMul", ["x", w]);
        g.AddOutput("y", OnnxElementType.Float32, "n", 3);

        var y = RunSingle(g.ToBytes(), ("x", Floats([1, 1, 2, -1], 2, 2)));

        Assert.Equal([5f, 7f, 9f, -2f, -1f, 0f], y);
    }

    [Theory]
    [InlineData(OnnxElementType.Int64)]
    [InlineData(OnnxElementType.Int32)]
    public void Gather_WithIndexType_LooksUpRows(OnnxElementType indexType)
    {
        var g = new OnnxGraphBuilder();
        g.AddInput("ids", indexType, "batch_size", "sequence_length");
        g.AddInitializer("table", [0f, 0.5f, 1f, 1.5f, 2f, 2.5f], 3, 2);
        g.OpNamed("y", "Gather", ["table", "ids"], OnnxAttribute.Of("axis", 0L));
        g.AddOutput("y", OnnxElementType.Float32, "batch_size", "sequence_length", 2);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(g.ToBytes());

        var ids = indexType == OnnxElementType.Int64 ? Longs([2, 0, 1], 1, 3) : Ints([2, 0, 1], 1, 3);

        var (y, shape) = Run(session, "y", ("ids", ids));

        Assert.Equal([1L, 3L, 2L], shape);
        Assert.Equal([2f, 2.5f, 0f, 0.5f, 1f, 1.5f], y);
    }

    [Fact]
    public void Where_WithComparison_SelectsElementwise()
    {
        var g = new OnnxGraphBuilder();
        g.AddInput("x", OnnxElementType.Float32, 4);
        var zero = g.Scalar(0f);
        var positive = g.Op("Greater", ["x", zero]);
        var negated = g.Op("Neg", ["x"]);
        g.OpNamed("y", "Where", [positive, "x", negated]);
        g.AddOutput("y", OnnxElementType.Float32, 4);

        var y = RunSingle(g.ToBytes(), ("x", Floats([-2, 3, -0.5f, 0], 4)));

        Assert.Equal([2f, 3f, 0.5f, 0f], y);
    }

    [Fact]
    public void Conv_WithIntsAttributes_Computes3x3Sum()
    {
        var g = new OnnxGraphBuilder();
        g.AddInput("x", OnnxElementType.Float32, 1, 1, "h", "w");
        var w = g.Constant(Enumerable.Repeat(1f, 9).ToArray(), 1, 1, 3, 3);
        var b = g.Constant([0.5f], 1);
        g.OpNamed("y", "Conv", ["x", w, b],
            OnnxAttribute.Of("kernel_shape", 3L, 3L), OnnxAttribute.Of("pads", 1L, 1L, 1L, 1L),
            OnnxAttribute.Of("strides", 1L, 1L));
        g.AddOutput("y", OnnxElementType.Float32, 1, 1, "h", "w");

        var y = RunSingle(g.ToBytes(), ("x", Floats([1, 2, 3, 4], 1, 1, 2, 2)));

        Assert.Equal([10.5f, 10.5f, 10.5f, 10.5f], y);
    }

    [Fact]
    public void Resize_WithStringModeAndOmittedInput_UpsamplesNearest()
    {
        var g = new OnnxGraphBuilder();
        g.AddInput("x", OnnxElementType.Float32, 1, 1, 1, 2);
        var scales = g.Constant([1f, 1f, 2f, 2f], 4);
        g.OpNamed("y", "Resize", ["x", "", scales], OnnxAttribute.Of("mode", "nearest"));
        g.AddOutput("y", OnnxElementType.Float32, 1, 1, 2, 4);

        var y = RunSingle(g.ToBytes(), ("x", Floats([1, 2], 1, 1, 1, 2)));

        Assert.Equal([1f, 1f, 2f, 2f, 1f, 1f, 2f, 2f], y);
    }

    [Fact]
    public void Attributes_FloatAndTensor_AreEncoded()
    {
        var g = new OnnxGraphBuilder();
        g.AddInput("x", OnnxElementType.Float32, 3);
        var c = g.Op("Constant", [], OnnxAttribute.Of("value", OnnxTensor.FromFloats("c", [1f, -2f, 3f], 3)));
        var sum = g.Op("Add", ["x", c]);
        g.OpNamed("y", "LeakyRelu", [sum], OnnxAttribute.Of("alpha", 0.25f));
        g.AddOutput("y", OnnxElementType.Float32, 3);

        var y = RunSingle(g.ToBytes(), ("x", Floats([0, 0, -7], 3)));

        Assert.Equal([1f, -0.5f, -1f], y);
    }

    [Fact]
    public void Floats_AttributeAndCast_AreEncoded()
    {
        var g = new OnnxGraphBuilder();
        g.AddInput("x", OnnxElementType.Float16, 2);
        var x = g.Op("Cast", ["x"], OnnxAttribute.Of("to", (long)OnnxElementType.Float32));
        var c = g.Op("Constant", [], OnnxAttribute.Of("value_floats", 0.5f, 4f));
        var y = g.Op("Mul", [x, c]);
        g.OpNamed("out", "Cast", [y], OnnxAttribute.Of("to", (long)OnnxElementType.Float16));
        g.AddOutput("out", OnnxElementType.Float16, 2);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(g.ToBytes());
        var input = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(
            new[] { (Microsoft.ML.OnnxRuntime.Float16)3f, (Microsoft.ML.OnnxRuntime.Float16)0.25f }, [2L]);

        var (result, _) = Run(session, "out", ("x", input));

        Assert.Equal([1.5f, 1f], result);
    }

    [Fact]
    public void Save_WithExternalData_LoadsFromDataFile()
    {
        var folder = Directory.CreateTempSubdirectory("onnxwriting-");
        try
        {
            var weights = Enumerable.Range(0, 1024).Select(i => (float)i).ToArray();
            var g = new OnnxGraphBuilder();
            g.AddInput("ids", OnnxElementType.Int64, "n");
            g.AddInitializer("small", [100f], 1);
            g.AddInitializer("table", weights, 1024);
            var looked = g.Op("Gather", ["table", "ids"]);
            g.OpNamed("y", "Add", [looked, "small"]);
            g.AddOutput("y", OnnxElementType.Float32, "n");
            var path = Path.Combine(folder.FullName, "model.onnx");

            g.Save(path, new OnnxExternalDataOptions { Location = "weights.bin", SizeThreshold = 64 });

            var dataFile = new FileInfo(Path.Combine(folder.FullName, "weights.bin"));
            Assert.Equal(4096, dataFile.Length);
            Assert.True(new FileInfo(path).Length < 1024);
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
            var (y, _) = Run(session, "y", ("ids", Longs([0, 1023, 7], 3)));
            Assert.Equal([100f, 1123f, 107f], y);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void ToBytes_SameCalls_ByteIdentical()
    {
        static byte[] Build()
        {
            var g = new OnnxGraphBuilder();
            g.AddInput("x", OnnxElementType.Float32, "n");
            var y = g.Op("Mul", ["x", g.Scalar(2f)]);
            g.OpNamed("y", "Identity", [y]);
            g.AddOutput("y", OnnxElementType.Float32, "n");
            return g.ToBytes();
        }

        Assert.Equal(Build(), Build());
    }

    [Fact]
    public void AddInitializer_DuplicateName_Throws()
    {
        var g = new OnnxGraphBuilder();
        g.AddInitializer("w", [1f], 1);

        Assert.Throws<ArgumentException>(() => g.AddInitializer("w", [2f], 1));
    }
}
