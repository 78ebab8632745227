using Engine.Conversion;
using Engine.Onnx;
using Engine.Weights;
using Microsoft.ML.OnnxRuntime;
using static Engine.Tests.Conversion.ConversionFixture;

namespace Engine.Tests.Conversion;

public sealed class ConversionGraphTests
{
    [SkippableFact]
    public void QuickGelu_IsXTimesSigmoidOf1702X()
    {
        // SD1's CLIP activation; the tiny-sd2 references only cover exact gelu.
        float[] x = [-6f, -2.5f, -1f, -0.1f, 0f, 0.3f, 1f, 2f, 7f];
        var y = RunActivation("quick_gelu", x);

        for (var i = 0; i < x.Length; i++)
        {
            var expected = x[i] / (1 + Math.Exp(-1.702 * x[i]));
            Assert.InRange(y[i], expected - 1e-6, expected + 1e-6);
        }
    }

    [SkippableFact]
    public void Gelu_IsTheErfForm()
    {
        float[] x = [-3f, -1f, 0f, 0.5f, 1f, 3f];
        var y = RunActivation("gelu", x);

        // Phi(x) at these points (erf form, not the tanh approximation).
        double[] expected = [-0.0040496, -0.1586553, 0, 0.3457312, 0.8413447, 2.9959504];
        for (var i = 0; i < x.Length; i++)
        {
            Assert.InRange(y[i], expected[i] - 1e-5, expected[i] + 1e-5);
        }
    }

    private static float[] RunActivation(string name, float[] x)
    {
        using var weights = WeightFiles.Open(Path.Combine(Diffusers("text_encoder"), "model.safetensors"));
        var graph = new ConversionGraph("activation", weights, "test", _ => false, null, CancellationToken.None);
        graph.Builder.AddInput("x", OnnxElementType.Float32, x.Length);
        graph.Builder.AddNode("Identity", [graph.Activation("x", name)], ["y"]);
        graph.Builder.AddOutput("y", OnnxElementType.Float32, x.Length);

        using var session = new InferenceSession(graph.Builder.ToBytes());
        using var input = OrtValue.CreateTensorValueFromMemory(x, [x.Length]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, ["x"], [input], ["y"]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
