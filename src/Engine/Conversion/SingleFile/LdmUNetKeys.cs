using Engine.Weights;

namespace Engine.Conversion.SingleFile;

/// <summary>
/// Maps the U-Net of an original LDM checkpoint (<c>model.diffusion_model.*</c>, openaimodel's <c>UNetModel</c>) to
/// diffusers' <c>UNet2DConditionModel</c> names: <c>time_embed.0/2</c> → <c>time_embedding.linear_1/2</c>,
/// <c>input_blocks.0.0</c> → <c>conv_in</c>, the other input blocks → down block resnets, attentions and
/// downsamplers (a block holding <c>op</c> ends a level), <c>middle_block.0/1/2</c> → the mid block, the output blocks
/// (layers_per_block + 1 per level) → up block resnets, attentions and upsamplers, <c>out.0/2</c> →
/// <c>conv_norm_out</c> / <c>conv_out</c>. Resnet parts are renamed (<c>in_layers.0</c> → <c>norm1</c>, ...); the
/// spatial transformers already use diffusers' names. Shapes are unchanged (proj_in/out stay 1x1 convs or linears).
/// </summary>
internal static class LdmUNetKeys
{
    public const string Prefix = "model.diffusion_model.";

    private static readonly (string From, string To)[] s_resnetParts =
    [
        ("in_layers.0.", "norm1."),
        ("in_layers.2.", "conv1."),
        ("emb_layers.1.", "time_emb_proj."),
        ("out_layers.0.", "norm2."),
        ("out_layers.3.", "conv2."),
        ("skip_connection.", "conv_shortcut."),
    ];

    private static readonly string[] s_attentionParts = ["norm.", "proj_in.", "proj_out.", "transformer_blocks."];

    private static readonly (string From, string To)[] s_fixedModules =
    [
        ("time_embed.0.", "time_embedding.linear_1."),
        ("time_embed.2.", "time_embedding.linear_2."),
        ("input_blocks.0.0.", "conv_in."),
        ("out.0.", "conv_norm_out."),
        ("out.2.", "conv_out."),
    ];

    private enum Part
    {
        Resnet,
        Attention,
        Downsampler,
        Upsampler,
    }

    /// <summary>The view entries for every U-Net tensor of <paramref name="file"/>.</summary>
    /// <exception cref="ModelConversionException">A tensor has no diffusers counterpart, or the blocks do not form levels.</exception>
    public static List<WeightViewTensor> Map(WeightFile file)
    {
        var names = file.Tensors.Select(t => t.Name).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..]).ToHashSet(StringComparer.Ordinal);
        var modules = new Dictionary<string, (string Target, Part Part)>(StringComparer.Ordinal);
        var (levels, layersPerBlock) = MapInputBlocks(file, names, modules);
        MapOutputBlocks(file, names, modules, levels, layersPerBlock);
        modules["middle_block.0."] = ("mid_block.resnets.0.", Part.Resnet);
        modules["middle_block.1."] = ("mid_block.attentions.0.", Part.Attention);
        modules["middle_block.2."] = ("mid_block.resnets.1.", Part.Resnet);

        var entries = new List<WeightViewTensor>(names.Count);
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            entries.Add(new WeightViewTensor(Rename(file, name, modules), Prefix + name));
        }

        return entries;
    }

    private static (int Levels, int LayersPerBlock) MapInputBlocks(
        WeightFile file, HashSet<string> names, Dictionary<string, (string, Part)> modules)
    {
        var count = BlockCount(names, "input_blocks.");
        var level = 0;
        var layer = 0;
        var perLevel = new List<int>();
        for (var i = 1; i < count; i++)
        {
            if (names.Contains($"input_blocks.{i}.0.op.weight"))
            {
                modules[$"input_blocks.{i}.0."] = ($"down_blocks.{level}.downsamplers.0.", Part.Downsampler);
                perLevel.Add(layer);
                level++;
                layer = 0;
                continue;
            }

            modules[$"input_blocks.{i}.0."] = ($"down_blocks.{level}.resnets.{layer}.", Part.Resnet);
            modules[$"input_blocks.{i}.1."] = ($"down_blocks.{level}.attentions.{layer}.", Part.Attention);
            layer++;
        }

        perLevel.Add(layer);
        if (count < 2 || perLevel.Any(n => n != perLevel[0]) || perLevel[0] == 0)
        {
            throw new ModelConversionException(
                $"'{file.FilePath}': the U-Net's input blocks ({Prefix}input_blocks.*) do not form levels of equal size " +
                $"(resnets per level: {string.Join(", ", perLevel)}); this is not an SD 1.x/2.x U-Net.");
        }

        return (perLevel.Count, perLevel[0]);
    }

    private static void MapOutputBlocks(
        WeightFile file, HashSet<string> names, Dictionary<string, (string, Part)> modules, int levels, int layersPerBlock)
    {
        var count = BlockCount(names, "output_blocks.");
        if (count != levels * (layersPerBlock + 1))
        {
            throw new ModelConversionException(
                $"'{file.FilePath}': the U-Net has {count} output blocks; {levels} levels of {layersPerBlock} resnets need " +
                $"{levels * (layersPerBlock + 1)}.");
        }

        for (var i = 0; i < count; i++)
        {
            var level = i / (layersPerBlock + 1);
            var layer = i % (layersPerBlock + 1);
            modules[$"output_blocks.{i}.0."] = ($"up_blocks.{level}.resnets.{layer}.", Part.Resnet);
            var upsampler = $"up_blocks.{level}.upsamplers.0.";
            if (names.Contains($"output_blocks.{i}.1.conv.weight"))
            {
                modules[$"output_blocks.{i}.1."] = (upsampler, Part.Upsampler);
            }
            else
            {
                modules[$"output_blocks.{i}.1."] = ($"up_blocks.{level}.attentions.{layer}.", Part.Attention);
                modules[$"output_blocks.{i}.2."] = (upsampler, Part.Upsampler);
            }
        }
    }

    private static int BlockCount(HashSet<string> names, string blocks)
    {
        var max = -1;
        foreach (var name in names.Where(n => n.StartsWith(blocks, StringComparison.Ordinal)))
        {
            var rest = name.AsSpan(blocks.Length);
            var dot = rest.IndexOf('.');
            if (dot > 0 && int.TryParse(rest[..dot], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                max = Math.Max(max, index);
            }
        }

        return max + 1;
    }

    private static string Rename(WeightFile file, string name, Dictionary<string, (string Target, Part Part)> modules)
    {
        foreach (var (from, to) in s_fixedModules)
        {
            if (name.StartsWith(from, StringComparison.Ordinal) && name.IndexOf('.', from.Length) < 0)
            {
                return to + name[from.Length..];
            }
        }

        var module = ModulePrefix(name);
        if (module is not null && modules.TryGetValue(module, out var target))
        {
            var rest = name[module.Length..];
            var renamed = target.Part switch
            {
                Part.Resnet => RenamePart(rest, s_resnetParts),
                Part.Attention => s_attentionParts.Any(p => rest.StartsWith(p, StringComparison.Ordinal)) ? rest : null,
                Part.Downsampler => rest.StartsWith("op.", StringComparison.Ordinal) ? "conv." + rest[3..] : null,
                _ => rest.StartsWith("conv.", StringComparison.Ordinal) ? rest : null,
            };
            if (renamed is not null)
            {
                return target.Target + renamed;
            }
        }

        throw new ModelConversionException(
            $"'{file.FilePath}': the U-Net tensor '{Prefix}{name}' has no counterpart in an SD 1.x/2.x U-Net " +
            "(expected time_embed, input_blocks, middle_block, output_blocks and out; class- or image-conditioned U-Nets are not supported).");
    }

    /// <summary>"input_blocks.4.1." of "input_blocks.4.1.proj_in.weight": the block, its index and the module index.</summary>
    private static string? ModulePrefix(string name)
    {
        var first = name.IndexOf('.', StringComparison.Ordinal);
        if (first < 0)
        {
            return null;
        }

        if (name.StartsWith("middle_block.", StringComparison.Ordinal))
        {
            var end = name.IndexOf('.', first + 1);
            return end < 0 ? null : name[..(end + 1)];
        }

        var second = name.IndexOf('.', first + 1);
        var third = second < 0 ? -1 : name.IndexOf('.', second + 1);
        return third < 0 ? null : name[..(third + 1)];
    }

    private static string? RenamePart(string rest, (string From, string To)[] parts)
    {
        foreach (var (from, to) in parts)
        {
            if (rest.StartsWith(from, StringComparison.Ordinal) && rest.IndexOf('.', from.Length) < 0)
            {
                return to + rest[from.Length..];
            }
        }

        return null;
    }
}
