using Engine.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Engine.Tests.Conversion;

/// <summary>
/// Paths into the tiny-sd2 fixtures, a scratch folder, and ONNX Runtime runs compared by max |difference| relative to
/// max |expected|. Runs take and return float32 whatever the graph declares: float16 inputs are rounded on the way in and
/// float16 outputs widened on the way out.
/// </summary>
internal static class ConversionFixture
{
    public static string Diffusers(string component) => Fixtures.Path_("tiny-sd2-diffusers", component);

    public static string Exported(string component) => Fixtures.Path_("tiny-sd2", component, "model.onnx");

    public static string ModelIo(string file) => Fixtures.Path_("reference", "tiny-sd2", "model_io", file);

    public static string NewScratch()
    {
        var folder = Path.Combine(Path.GetTempPath(), "engine-conversion-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Copies the tiny diffusers pipeline into <paramref name="target"/>: the given entries, or all of it.</summary>
    public static string CopyDiffusers(string target, params string[] entries)
    {
        var source = Fixtures.Path_("tiny-sd2-diffusers");
        CopyEntries(source, target, entries.Length > 0 ? entries : [.. Directory.EnumerateFileSystemEntries(source).Select(Path.GetFileName)!]);
        return target;
    }

    /// <summary>Copies the named files and folders of <paramref name="source"/> into <paramref name="target"/>.</summary>
    public static void CopyEntries(string source, string target, string[] entries)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in entries)
        {
            var from = Path.Combine(source, entry);
            if (File.Exists(from))
            {
                File.Copy(from, Path.Combine(target, entry));
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var to = Path.Combine(target, entry, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }
        }
    }

    public static void DeleteScratch(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs <paramref name="modelPath"/> on one float or int64 input and returns every output by name.</summary>
    public static Dictionary<string, (float[] Data, long[] Shape)> Run(string modelPath, string inputName, NpyArray input)
    {
        using var session = new InferenceSession(modelPath);
        var shape = input.Shape.Select(d => (long)d).ToArray();
        using var value = input.DType.Contains("i8", StringComparison.Ordinal)
            ? OrtValue.CreateTensorValueFromMemory(input.AsInt64(), shape)
            : FloatInput(session, inputName, input.AsFloats(), shape);
        using var runOptions = new RunOptions();
        var names = session.OutputMetadata.Keys.ToArray();
        using var results = session.Run(runOptions, [inputName], [value], names);
        var outputs = new Dictionary<string, (float[], long[])>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            outputs[names[i]] = (FloatOutput(results[i]), results[i].GetTensorTypeAndShape().Shape);
        }

        return outputs;
    }

    /// <summary>Runs a U-Net with <c>sample</c>, a scalar (shape []) <c>timestep</c> and <c>encoder_hidden_states</c>; returns <c>out_sample</c>.</summary>
    public static (float[] Data, long[] Shape) RunUNet(string modelPath, NpyArray sample, float timestep, NpyArray encoderHiddenStates) =>
        RunUNet(modelPath, sample, timestep, encoderHiddenStates.AsFloats(), encoderHiddenStates.Shape.Select(d => (long)d).ToArray());

    /// <summary>As the other overload, with the text embeddings given as values and shape.</summary>
    public static (float[] Data, long[] Shape) RunUNet(
        string modelPath, NpyArray sample, float timestep, float[] encoderHiddenStates, long[] encoderHiddenStatesShape)
    {
        using var session = new InferenceSession(modelPath);
        using var sampleValue = FloatInput(session, "sample", sample.AsFloats(), sample.Shape.Select(d => (long)d).ToArray());
        using var timestepValue = OrtValue.CreateTensorValueFromMemory(new[] { timestep }, Array.Empty<long>());
        using var contextValue = FloatInput(session, "encoder_hidden_states", encoderHiddenStates, encoderHiddenStatesShape);
        using var runOptions = new RunOptions();
        using var results = session.Run(
            runOptions, ["sample", "timestep", "encoder_hidden_states"], [sampleValue, timestepValue, contextValue], ["out_sample"]);
        return (FloatOutput(results[0]), results[0].GetTensorTypeAndShape().Shape);
    }

    private static OrtValue FloatInput(InferenceSession session, string name, float[] values, long[] shape) =>
        session.InputMetadata[name].ElementDataType == TensorElementType.Float16
            ? OrtValue.CreateTensorValueFromMemory(values.Select(v => (Float16)v).ToArray(), shape)
            : OrtValue.CreateTensorValueFromMemory(values, shape);

    private static float[] FloatOutput(OrtValue value) =>
        value.GetTensorTypeAndShape().ElementDataType == TensorElementType.Float16
            ? value.GetTensorDataAsSpan<Float16>().ToArray().Select(h => (float)h).ToArray()
            : value.GetTensorDataAsSpan<float>().ToArray();

    /// <summary>Max |actual - expected| divided by max |expected|; asserts the shapes' element counts match.</summary>
    public static double RelativeMaxDifference(IReadOnlyList<float> expected, IReadOnlyList<float> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        double scale = 0;
        double difference = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            difference = Math.Max(difference, Math.Abs((double)actual[i] - expected[i]));
        }

        Assert.True(scale > 0, "The reference is all zeros.");
        return difference / scale;
    }
}
