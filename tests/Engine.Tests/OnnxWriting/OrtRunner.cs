using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Engine.Tests.OnnxWriting;

/// <summary>Runs a model on the CPU execution provider with named float/int inputs and returns float outputs.</summary>
internal static class OrtRunner
{
    public static float[] RunSingle(byte[] model, params (string Name, OrtValue Value)[] inputs)
    {
        using var session = new InferenceSession(model);
        return Run(session, session.OutputMetadata.Keys.First(), inputs).Data;
    }

    public static (float[] Data, long[] Shape) Run(
        InferenceSession session, string output, params (string Name, OrtValue Value)[] inputs)
    {
        try
        {
            using var runOptions = new RunOptions();
            using var results = session.Run(
                runOptions, inputs.Select(i => i.Name).ToArray(), inputs.Select(i => i.Value).ToArray(), [output]);
            var value = results[0];
            var info = value.GetTensorTypeAndShape();
            float[] data = info.ElementDataType == TensorElementType.Float16
                ? [.. value.GetTensorDataAsSpan<Float16>().ToArray().Select(h => (float)h)]
                : value.GetTensorDataAsSpan<float>().ToArray();
            return (data, info.Shape);
        }
        finally
        {
            foreach (var input in inputs)
            {
                input.Value.Dispose();
            }
        }
    }

    public static OrtValue Floats(float[] data, params long[] shape) =>
        OrtValue.CreateTensorValueFromMemory(data, shape);

    public static OrtValue Longs(long[] data, params long[] shape) =>
        OrtValue.CreateTensorValueFromMemory(data, shape);

    public static OrtValue Ints(int[] data, params long[] shape) =>
        OrtValue.CreateTensorValueFromMemory(data, shape);
}
