using System.Text.RegularExpressions;
using Engine.Weights;

namespace Engine.Conversion;

/// <summary>
/// Finds the weight file of a diffusers / transformers component folder, in the order those libraries prefer:
/// safetensors (single or sharded), then PyTorch <c>.bin</c> (single or sharded).
/// </summary>
internal static partial class ComponentWeightFiles
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

        return FindVariant(componentFolder)
            ?? throw new ModelConversionException(
                $"'{componentFolder}' has no weight file (expected one of: {string.Join(", ", s_candidates)}, or a variant such as diffusion_pytorch_model.fp16.safetensors).");
    }

    /// <summary>
    /// A variant's weights as diffusers names them (<c>diffusion_pytorch_model.fp16.safetensors</c>,
    /// <c>model.safetensors.index.fp16.json</c>): used when the folder holds one variant and no plain weights.
    /// </summary>
    private static string? FindVariant(string componentFolder)
    {
        if (!Directory.Exists(componentFolder))
        {
            return null;
        }

        var found = Directory.EnumerateFiles(componentFolder)
            .Select(path => (Path: path, Match: VariantName().Match(Path.GetFileName(path))))
            .Where(f => f.Match.Success && !ShardNumber().IsMatch(f.Match.Groups["variant"].Value))
            .Select(f => (f.Path, Variant: f.Match.Groups["variant"].Value, Rank: Array.IndexOf(s_candidates, VariantFree(f.Match))))
            .Where(f => f.Rank >= 0)
            .ToList();
        var variants = found.Select(f => f.Variant).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (variants.Count > 1)
        {
            throw new ModelConversionException(
                $"'{componentFolder}' holds weights of several variants ({string.Join(", ", variants)}); keep the one to convert.");
        }

        return found.Count == 0 ? null : found.MinBy(f => f.Rank).Path;
    }

    private static string VariantFree(Match match) => match.Groups["base"].Value + match.Groups["suffix"].Value;

    [GeneratedRegex(@"^(?<base>(model|diffusion_pytorch_model|pytorch_model)(\.safetensors\.index|\.bin\.index)?)\.(?<variant>[A-Za-z0-9_-]+)(?<suffix>\.safetensors|\.bin|\.json)$", RegexOptions.CultureInvariant)]
    private static partial Regex VariantName();

    // The shards of a sharded variant (diffusion_pytorch_model.fp16-00001-of-00002.safetensors) are reached through its index.
    [GeneratedRegex(@"-[0-9]+-of-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ShardNumber();

    public static WeightFile Open(string componentFolder) => WeightFiles.Open(Find(componentFolder));
}
