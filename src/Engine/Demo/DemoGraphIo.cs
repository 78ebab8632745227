using Engine.Onnx;
using Engine.Onnx.Writing;

namespace Engine.Demo;

/// <summary>Declares float graph inputs/outputs in float32 or float16 while the graph computes in float32.</summary>
internal static class DemoGraphIo
{
    public static string FloatInput(OnnxGraphBuilder g, bool float16, string name, params OnnxDim[] dims)
    {
        g.AddInput(name, float16 ? OnnxElementType.Float16 : OnnxElementType.Float32, dims);
        return float16 ? g.Op("Cast", [name], OnnxAttribute.Of("to", (long)OnnxElementType.Float32)) : name;
    }

    public static void FloatOutput(
        OnnxGraphBuilder g, bool float16, string name, string value, params OnnxDim[] dims)
    {
        if (float16)
        {
            g.OpNamed(name, "Cast", [value], OnnxAttribute.Of("to", (long)OnnxElementType.Float16));
        }
        else
        {
            g.OpNamed(name, "Identity", [value]);
        }

        g.AddOutput(name, float16 ? OnnxElementType.Float16 : OnnxElementType.Float32, dims);
    }
}
