using Microsoft.ML.OnnxRuntime;

namespace Engine.Tests.Demo;

/// <summary>Loads demo model components on the CPU and compares outputs with the oracle.</summary>
internal static class DemoOrt
{
    public static InferenceSession Open(string folder, string component) =>
        new(Path.Combine(folder, component, "model.onnx"));

    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var allowed = tolerance * Math.Max(1, Math.Abs(expected[i]));
            if (!(Math.Abs(actual[i] - expected[i]) <= allowed))
            {
                Assert.Fail($"Element {i}: expected {expected[i]}, got {actual[i]} (tolerance {allowed}).");
            }
        }
    }
}
