using System.Globalization;
using Engine.Weights;

namespace Engine.Conversion.SingleFile;

/// <summary>
/// Maps the text encoder of an original LDM checkpoint to transformers' <c>CLIPTextModel</c> names.
/// </summary>
/// <remarks>
/// SD 1.x keeps transformers' layout under <c>cond_stage_model.transformer.</c>: the names only lose that prefix
/// (very old files lack the <c>text_model.</c> level, which is added back). SD 2.x keeps OpenCLIP's layout under
/// <c>cond_stage_model.model.</c>: <c>token_embedding</c>, <c>positional_embedding</c>,
/// <c>transformer.resblocks.N.{ln_1, attn.in_proj_*, attn.out_proj, ln_2, mlp.c_fc, mlp.c_proj}</c>, <c>ln_final</c>.
/// The fused in_proj [3d, d] (bias [3d]) is split into q, k and v as row ranges of the stored tensor. SD 2 conditions
/// on the penultimate layer followed by ln_final, so, as diffusers' converter does, the last resblock is dropped and
/// ln_final becomes <c>final_layer_norm</c>: the converted model has one layer fewer than the file.
/// </remarks>
internal static class LdmTextEncoderKeys
{
    public const string ClipPrefix = "cond_stage_model.transformer.";
    public const string OpenClipPrefix = "cond_stage_model.model.";

    private const string ResblockPrefix = OpenClipPrefix + "transformer.resblocks.";

    /// <summary>OpenCLIP tensors the text encoder does not use (the projection to the joint embedding, the loss scale, the mask buffer).</summary>
    private static readonly string[] s_openClipUnused = ["text_projection", "logit_scale", "attn_mask"];

    private static readonly (string From, string To)[] s_resblockParts =
    [
        ("ln_1.", "layer_norm1."),
        ("ln_2.", "layer_norm2."),
        ("attn.out_proj.", "self_attn.out_proj."),
        ("mlp.c_fc.", "mlp.fc1."),
        ("mlp.c_proj.", "mlp.fc2."),
    ];

    /// <summary>Which layout <paramref name="file"/> uses; both or neither is a conversion error.</summary>
    public static LdmTextEncoderLayout DetectLayout(WeightFile file)
    {
        var clip = file.Tensors.Any(t => t.Name.StartsWith(ClipPrefix, StringComparison.Ordinal));
        var openClip = file.Tensors.Any(t => t.Name.StartsWith(OpenClipPrefix, StringComparison.Ordinal));
        return (clip, openClip) switch
        {
            (true, false) => LdmTextEncoderLayout.TransformersClip,
            (false, true) => LdmTextEncoderLayout.OpenClip,
            (true, true) => throw new ModelConversionException(
                $"'{file.FilePath}' holds two text encoders ({ClipPrefix}* for SD 1.x and {OpenClipPrefix}* for SD 2.x); a checkpoint has one."),
            _ => throw new ModelConversionException(
                $"'{file.FilePath}' has no text encoder: expected tensors under {ClipPrefix} (SD 1.x) or {OpenClipPrefix} (SD 2.x)."),
        };
    }

    /// <summary>The view entries of the text encoder in <paramref name="layout"/>.</summary>
    public static List<WeightViewTensor> Map(WeightFile file, LdmTextEncoderLayout layout) =>
        layout == LdmTextEncoderLayout.TransformersClip ? MapClip(file) : MapOpenClip(file);

    private static List<WeightViewTensor> MapClip(WeightFile file)
    {
        var entries = new List<WeightViewTensor>();
        foreach (var tensor in file.Tensors.Where(t => t.Name.StartsWith(ClipPrefix, StringComparison.Ordinal)))
        {
            var name = tensor.Name[ClipPrefix.Length..];
            if (!name.StartsWith("text_model.", StringComparison.Ordinal))
            {
                name = "text_model." + name;
            }

            // position_ids is an int64 buffer of 0..76, not a weight; text_projection belongs to CLIPTextModelWithProjection.
            if (name.StartsWith("text_model.embeddings.token_embedding.", StringComparison.Ordinal)
                || name.StartsWith("text_model.embeddings.position_embedding.", StringComparison.Ordinal)
                || name.StartsWith("text_model.encoder.layers.", StringComparison.Ordinal)
                || name.StartsWith("text_model.final_layer_norm.", StringComparison.Ordinal))
            {
                entries.Add(new WeightViewTensor(name, tensor.Name));
            }
        }

        return entries;
    }

    private static List<WeightViewTensor> MapOpenClip(WeightFile file)
    {
        var resblocks = file.Tensors.Select(t => ResblockIndex(t.Name)).Max() + 1;
        if (resblocks < 2)
        {
            throw new ModelConversionException(
                $"'{file.FilePath}': the OpenCLIP text encoder has {resblocks} resblocks ({ResblockPrefix}N.*); SD 2 uses the penultimate one, so it needs at least 2.");
        }

        var entries = new List<WeightViewTensor>
        {
            new("text_model.embeddings.token_embedding.weight", OpenClipPrefix + "token_embedding.weight"),
            new("text_model.embeddings.position_embedding.weight", OpenClipPrefix + "positional_embedding"),
            new("text_model.final_layer_norm.weight", OpenClipPrefix + "ln_final.weight"),
            new("text_model.final_layer_norm.bias", OpenClipPrefix + "ln_final.bias"),
        };
        foreach (var entry in entries)
        {
            RequireTensor(file, entry.Source);
        }

        foreach (var tensor in file.Tensors.Where(t => t.Name.StartsWith(OpenClipPrefix, StringComparison.Ordinal)))
        {
            var index = ResblockIndex(tensor.Name);
            if (index < 0)
            {
                var name = tensor.Name[OpenClipPrefix.Length..];
                if (!entries.Any(e => e.Source == tensor.Name) && !s_openClipUnused.Contains(name, StringComparer.Ordinal))
                {
                    throw Unknown(file, tensor.Name);
                }

                continue;
            }

            if (index == resblocks - 1)
            {
                continue; // the last layer: SD 2 conditions on the penultimate one
            }

            var block = $"{ResblockPrefix}{index.ToString(CultureInfo.InvariantCulture)}.";
            var part = tensor.Name[block.Length..];
            var layer = $"text_model.encoder.layers.{index.ToString(CultureInfo.InvariantCulture)}.";
            if (part is "attn.in_proj_weight" or "attn.in_proj_bias")
            {
                entries.AddRange(SplitInProj(file, tensor, layer + "self_attn.", part.EndsWith("weight", StringComparison.Ordinal) ? "weight" : "bias"));
                continue;
            }

            var renamed = s_resblockParts.FirstOrDefault(p => part.StartsWith(p.From, StringComparison.Ordinal) && part.IndexOf('.', p.From.Length) < 0);
            if (renamed.From is null)
            {
                throw Unknown(file, tensor.Name);
            }

            entries.Add(new WeightViewTensor(layer + renamed.To + part[renamed.From.Length..], tensor.Name));
        }

        return entries;
    }

    private static IEnumerable<WeightViewTensor> SplitInProj(WeightFile file, WeightTensor tensor, string attention, string parameter)
    {
        var shape = tensor.Shape;
        var valid = parameter == "weight"
            ? shape.Count == 2 && shape[0] == 3 * shape[1]
            : shape.Count == 1 && shape[0] % 3 == 0;
        if (!valid)
        {
            throw new ModelConversionException(
                $"'{file.FilePath}': '{tensor.Name}' has shape [{string.Join(", ", shape)}]; the fused q/k/v projection must be " +
                (parameter == "weight" ? "[3·width, width]." : "[3·width]."));
        }

        var width = shape[0] / 3;
        yield return new WeightViewTensor($"{attention}q_proj.{parameter}", tensor.Name, 0, width);
        yield return new WeightViewTensor($"{attention}k_proj.{parameter}", tensor.Name, width, width);
        yield return new WeightViewTensor($"{attention}v_proj.{parameter}", tensor.Name, 2 * width, width);
    }

    private static int ResblockIndex(string name)
    {
        if (!name.StartsWith(ResblockPrefix, StringComparison.Ordinal))
        {
            return -1;
        }

        var rest = name.AsSpan(ResblockPrefix.Length);
        var dot = rest.IndexOf('.');
        return dot > 0 && int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : -1;
    }

    private static void RequireTensor(WeightFile file, string name)
    {
        if (!file.Contains(name))
        {
            throw new ModelConversionException($"'{file.FilePath}' has no tensor '{name}', which the SD 2 (OpenCLIP) text encoder needs.");
        }
    }

    private static ModelConversionException Unknown(WeightFile file, string name) =>
        new($"'{file.FilePath}': the text encoder tensor '{name}' has no counterpart in OpenCLIP's text tower " +
            "(expected token_embedding, positional_embedding, transformer.resblocks.N.*, ln_final, text_projection).");
}
