using System.Globalization;
using Engine.Models;

namespace Engine.Onnx;

/// <summary>Shared checks behind the component IO classifiers; each failure becomes a <see cref="ModelProblem"/>.</summary>
internal static class SignatureRules
{
    public static OnnxTensorInfo? Require(
        IReadOnlyList<OnnxTensorInfo> values, string kind, string name, string file, ICollection<ModelProblem> problems,
        OnnxElementType[] types, params int[] ranks)
    {
        var value = values.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.Ordinal));
        if (value is null)
        {
            var present = values.Count == 0 ? "none" : string.Join(", ", values.Select(v => $"'{v.Name}'"));
            problems.Add(new ModelProblem(file, $"{file}: the graph has no {kind} named '{name}' (its {kind}s: {present}); it does not look like an optimum Stable Diffusion export."));
            return null;
        }

        if (!types.Contains(value.ElementType))
        {
            var expected = string.Join(" or ", types.Select(t => Name(t)));
            problems.Add(new ModelProblem(file, $"{file}: {kind} '{name}' is {value.ElementTypeName}; expected {expected}."));
            return null;
        }

        // An unknown shape is accepted: some exporters omit shapes and ORT still runs the graph.
        if (value.Dimensions is not null && !ranks.Contains(value.Rank))
        {
            var expected = string.Join(" or ", ranks.Select(r => r.ToString(CultureInfo.InvariantCulture)));
            problems.Add(new ModelProblem(file, string.Create(CultureInfo.InvariantCulture,
                $"{file}: {kind} '{name}' has rank {value.Rank} ({value}); expected rank {expected}.")));
            return null;
        }

        return value;
    }

    public static void RejectExtraInputs(OnnxModelSignature signature, string file, ICollection<ModelProblem> problems, params string[] known)
    {
        foreach (var input in signature.Inputs.Where(i => !known.Contains(i.Name, StringComparer.Ordinal)))
        {
            problems.Add(new ModelProblem(file,
                $"{file}: the graph needs input '{input.Name}' ({input}), which the Stable Diffusion 1/2 pipeline does not provide (an SDXL, LCM or ControlNet export?)."));
        }
    }

    public static string Name(OnnxElementType type) => new OnnxTensorInfo(string.Empty, type, [], (int)type).ElementTypeName;
}
