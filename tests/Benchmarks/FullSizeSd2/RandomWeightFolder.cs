namespace Benchmarks.FullSizeSd2;

/// <summary>
/// Writes a diffusers/transformers component folder (config.json + one safetensors file) with random weights of the
/// sizes a layout gives: what the converter would read from a real download, without the download.
/// </summary>
/// <remarks>
/// Values are uniform in ±√(3 / fan_in) for weights of rank 2 or more (unit variance through each layer), 1 for
/// normalization scales and 0 for other vectors, from a seeded xorshift generator, so activations stay in a realistic
/// range and runs are repeatable.
/// </remarks>
internal static class RandomWeightFolder
{
    /// <summary>Writes the folder and returns the parameter count.</summary>
    public static long Write(
        string folder, string configJson, IReadOnlyList<(string Name, long[] Shape)> tensors, string weightFileName, ulong seed = 0x9E3779B97F4A7C15)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), configJson);
        var state = seed;
        StreamingSafetensorsWriter.Write(Path.Combine(folder, weightFileName), tensors, (index, _, values) =>
        {
            var (name, shape) = tensors[index];
            if (shape.Length == 1)
            {
                var isScale = name.Contains("norm", StringComparison.Ordinal) && name.EndsWith(".weight", StringComparison.Ordinal);
                values.Fill(isScale ? 1f : 0f);
                return;
            }

            var fanIn = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
            var bound = MathF.Sqrt(3f / fanIn);
            for (var i = 0; i < values.Length; i++)
            {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                values[i] = bound * (((state >> 40) * (2f / (1 << 24))) - 1f);
            }
        });
        return tensors.Sum(t => t.Shape.Aggregate(1L, (a, b) => a * b));
    }
}
