using System.Globalization;
using Engine.Weights;

namespace Engine.Conversion.SingleFile;

/// <summary>
/// Maps the VAE of an original LDM checkpoint (<c>first_stage_model.*</c>, taming's encoder/decoder) to diffusers'
/// <c>AutoencoderKL</c> names: <c>encoder.down.L.block.J</c> → <c>encoder.down_blocks.L.resnets.J</c>,
/// <c>down.L.downsample</c> → <c>downsamplers.0</c>, <c>mid.block_1/attn_1/block_2</c> → the mid block,
/// <c>norm_out</c> → <c>conv_norm_out</c>, <c>nin_shortcut</c> → <c>conv_shortcut</c>; the decoder's <c>up.L</c>
/// counts from the highest resolution, diffusers' <c>up_blocks</c> from the lowest, so the levels are reversed. The
/// mid-block attention's <c>norm, q, k, v, proj_out</c> become <c>group_norm, to_q, to_k, to_v, to_out.0</c>, and its
/// 1x1 conv weights [c, c, 1, 1] are presented as the linear weights [c, c] diffusers holds.
/// </summary>
internal static class LdmVaeKeys
{
    public const string Prefix = "first_stage_model.";

    /// <summary>Training-only parts some checkpoints carry (the autoencoder's loss and discriminator).</summary>
    private const string LossPrefix = "loss.";

    private static readonly (string From, string To)[] s_resnetParts =
    [
        ("norm1.", "norm1."), ("conv1.", "conv1."), ("norm2.", "norm2."), ("conv2.", "conv2."), ("nin_shortcut.", "conv_shortcut."),
    ];

    private static readonly (string From, string To)[] s_attentionParts =
    [
        ("norm.", "group_norm."), ("q.", "to_q."), ("k.", "to_k."), ("v.", "to_v."), ("proj_out.", "to_out.0."),
    ];

    /// <summary>The view entries for every VAE tensor of <paramref name="file"/>.</summary>
    /// <exception cref="ModelConversionException">A tensor has no diffusers counterpart.</exception>
    public static List<WeightViewTensor> Map(WeightFile file)
    {
        var tensors = file.Tensors.Where(t => t.Name.StartsWith(Prefix, StringComparison.Ordinal)
            && !t.Name.AsSpan(Prefix.Length).StartsWith(LossPrefix, StringComparison.Ordinal)).ToList();
        var decoderLevels = tensors.Select(t => LevelOf(t.Name[Prefix.Length..], "decoder.up.")).DefaultIfEmpty(-1).Max() + 1;
        var entries = new List<WeightViewTensor>(tensors.Count);
        foreach (var tensor in tensors)
        {
            var name = tensor.Name[Prefix.Length..];
            var renamed = Rename(name, decoderLevels)
                ?? throw new ModelConversionException(
                    $"'{file.FilePath}': the VAE tensor '{tensor.Name}' has no counterpart in diffusers' AutoencoderKL " +
                    "(expected encoder.*, decoder.*, quant_conv and post_quant_conv).");
            var attentionConv = renamed.Contains(".attentions.0.", StringComparison.Ordinal) && tensor.Shape is [_, _, 1, 1];
            entries.Add(new WeightViewTensor(renamed, tensor.Name, Shape: attentionConv ? [tensor.Shape[0], tensor.Shape[1]] : null));
        }

        return entries;
    }

    private static int LevelOf(string name, string blocks)
    {
        if (!name.StartsWith(blocks, StringComparison.Ordinal))
        {
            return -1;
        }

        var rest = name.AsSpan(blocks.Length);
        var dot = rest.IndexOf('.');
        return dot > 0 && int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var level) ? level : -1;
    }

    private static string? Rename(string name, int decoderLevels)
    {
        foreach (var direct in new[] { "quant_conv.", "post_quant_conv.", "encoder.conv_in.", "encoder.conv_out.", "decoder.conv_in.", "decoder.conv_out." })
        {
            if (IsParameter(name, direct))
            {
                return name;
            }
        }

        foreach (var half in new[] { "encoder.", "decoder." })
        {
            if (!name.StartsWith(half, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = name[half.Length..];
            if (IsParameter(rest, "norm_out."))
            {
                return half + "conv_norm_out." + rest["norm_out.".Length..];
            }

            var mid = RenameMid(rest);
            if (mid is not null)
            {
                return half + mid;
            }

            var isEncoder = half == "encoder.";
            var blocks = isEncoder ? "down." : "up.";
            var level = LevelOf(rest, blocks);
            if (level < 0)
            {
                return null;
            }

            var diffusersLevel = isEncoder ? level : decoderLevels - 1 - level;
            var target = $"{half}{(isEncoder ? "down_blocks" : "up_blocks")}.{diffusersLevel}.";
            var inner = rest[(blocks.Length + level.ToString(CultureInfo.InvariantCulture).Length + 1)..];
            var sampler = isEncoder ? "downsample.conv." : "upsample.conv.";
            if (IsParameter(inner, sampler))
            {
                return $"{target}{(isEncoder ? "downsamplers" : "upsamplers")}.0.conv.{inner[sampler.Length..]}";
            }

            var block = LevelOf(inner, "block.");
            if (block >= 0)
            {
                var part = RenamePart(inner[("block.".Length + block.ToString(CultureInfo.InvariantCulture).Length + 1)..], s_resnetParts);
                return part is null ? null : $"{target}resnets.{block}.{part}";
            }

            return null;
        }

        return null;
    }

    private static string? RenameMid(string rest)
    {
        (string Ldm, string Diffusers, (string, string)[] Parts)[] modules =
        [
            ("mid.block_1.", "mid_block.resnets.0.", s_resnetParts),
            ("mid.attn_1.", "mid_block.attentions.0.", s_attentionParts),
            ("mid.block_2.", "mid_block.resnets.1.", s_resnetParts),
        ];
        foreach (var (ldm, diffusers, parts) in modules)
        {
            if (rest.StartsWith(ldm, StringComparison.Ordinal))
            {
                var part = RenamePart(rest[ldm.Length..], parts);
                return part is null ? null : diffusers + part;
            }
        }

        return null;
    }

    private static bool IsParameter(string name, string module) =>
        name.StartsWith(module, StringComparison.Ordinal) && name.IndexOf('.', module.Length) < 0;

    private static string? RenamePart(string rest, (string From, string To)[] parts)
    {
        foreach (var (from, to) in parts)
        {
            if (IsParameter(rest, from))
            {
                return to + rest[from.Length..];
            }
        }

        return null;
    }
}
