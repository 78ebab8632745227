using Engine.Weights;

namespace Engine.Conversion;

/// <summary>
/// Finds the weight file of a diffusers / transformers component folder, in the order those libraries prefer:
/// safetensors (single or sharded), then PyTorch <c>.bin</c> (single or sharded).
/// </summary>
internal static class ComponentWeightFiles
{
    private static readonly string[] s_candidates =
    [
        "model.safetensors",
        "diffusion_pytorch_model.safetensors",
        "model.safetensors.index.json",
        "diffusion_pytorch_model.safetensors.index.json",
        "pytorch_model.bin",
        "diffusion_pytorch_model.bin",
        "pytorch_model.bin.index.json",
        "diffusion_pytorch_model.bin.index.json",
    ];

    public static string Find(string componentFolder)
    {
        foreach (var name in s_candidates)
        {
            var path = Path.Combine(componentFolder, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new ModelConversionException(
            $"'{componentFolder}' has no weight file (expected one of: {string.Join(", ", s_candidates)}).");
    }

    public static WeightFile Open(string componentFolder) => WeightFiles.Open(Find(componentFolder));
}
