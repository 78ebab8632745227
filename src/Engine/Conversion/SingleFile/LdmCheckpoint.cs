using System.Globalization;
using Engine.Weights;

namespace Engine.Conversion.SingleFile;

/// <summary>
/// An open single-file checkpoint in the original LDM layout (AUTOMATIC1111's <c>.safetensors</c> / <c>.ckpt</c>):
/// the file, its U-Net, VAE and text encoder as diffusers-named <see cref="WeightFileView"/>s, and what their shapes
/// say (<see cref="LdmArchitecture"/>). Tensors outside the three components (EMA copies, the DDPM schedule buffers)
/// are ignored.
/// </summary>
internal sealed class LdmCheckpoint : IDisposable
{
    private static readonly string[] s_componentPrefixes =
        [LdmUNetKeys.Prefix, LdmVaeKeys.Prefix, LdmTextEncoderKeys.ClipPrefix + " or " + LdmTextEncoderKeys.OpenClipPrefix];

    private readonly WeightFile _file;

    private LdmCheckpoint(WeightFile file, WeightFileView unet, WeightFileView vae, WeightFileView textEncoder, LdmArchitecture architecture)
    {
        _file = file;
        UNet = unet;
        Vae = vae;
        TextEncoder = textEncoder;
        Architecture = architecture;
    }

    public string FilePath => _file.FilePath;

    public WeightFileView UNet { get; }

    public WeightFileView Vae { get; }

    public WeightFileView TextEncoder { get; }

    public LdmArchitecture Architecture { get; }

    /// <summary>Opens <paramref name="path"/>, maps its keys and reads the architecture from the shapes.</summary>
    /// <exception cref="ModelConversionException">Not an LDM checkpoint, a tensor without counterpart, a missing or misshapen tensor.</exception>
    public static LdmCheckpoint Open(string path)
    {
        WeightFile file;
        try
        {
            file = WeightFiles.Open(path);
        }
        catch (WeightFileException ex)
        {
            throw new ModelConversionException($"The checkpoint cannot be read: {ex.Message}", ex);
        }

        try
        {
            CheckLayout(file);
            var layout = LdmTextEncoderKeys.DetectLayout(file);
            var unet = View(file, LdmUNetKeys.Map(file));
            var vae = View(file, LdmVaeKeys.Map(file));
            var text = View(file, LdmTextEncoderKeys.Map(file, layout));
            var architecture = Detect(file.FilePath, layout, unet, vae, text);
            return new LdmCheckpoint(file, unet, vae, text, architecture);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Bytes of stored weights each component reads (for weighting progress).</summary>
    public static double Bytes(WeightFile view) => Math.Max(1, view.Tensors.Sum(t => (double)t.ByteLength));

    public void Dispose()
    {
        UNet.Dispose();
        Vae.Dispose();
        TextEncoder.Dispose();
        _file.Dispose();
    }

    private static void CheckLayout(WeightFile file)
    {
        var hasUNet = file.Tensors.Any(t => t.Name.StartsWith(LdmUNetKeys.Prefix, StringComparison.Ordinal));
        var hasVae = file.Tensors.Any(t => t.Name.StartsWith(LdmVaeKeys.Prefix, StringComparison.Ordinal));
        var hasText = file.Tensors.Any(t => t.Name.StartsWith(LdmTextEncoderKeys.ClipPrefix, StringComparison.Ordinal)
            || t.Name.StartsWith(LdmTextEncoderKeys.OpenClipPrefix, StringComparison.Ordinal));
        if (hasUNet && hasVae && hasText)
        {
            return;
        }

        var found = file.Tensors.Select(t => t.Name.Split('.')[0]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(8).ToList();
        var missing = new[] { hasUNet, hasVae, hasText }.Select((has, i) => has ? null : s_componentPrefixes[i]).OfType<string>();
        throw new ModelConversionException(
            $"'{file.FilePath}' is not a Stable Diffusion checkpoint in the original LDM layout: it has no tensors under " +
            $"{string.Join(", ", missing)} (a whole checkpoint holds the U-Net under {LdmUNetKeys.Prefix}, the VAE under " +
            $"{LdmVaeKeys.Prefix} and the text encoder under cond_stage_model.). Its tensor names start with: " +
            $"{(found.Count == 0 ? "(none)" : string.Join(", ", found))}. A diffusers model is imported from its whole folder.");
    }

    private static WeightFileView View(WeightFile file, List<WeightViewTensor> entries)
    {
        try
        {
            return WeightFileView.Create(file, entries);
        }
        catch (WeightFileException ex)
        {
            throw new ModelConversionException(ex.Message, ex);
        }
    }

    private static LdmArchitecture Detect(string path, LdmTextEncoderLayout layout, WeightFileView unet, WeightFileView vae, WeightFileView text)
    {
        var unetLevels = Count(unet, i => $"down_blocks.{i}.resnets.0.conv1.weight");
        var vaeLevels = Count(vae, i => $"encoder.down_blocks.{i}.resnets.0.conv1.weight");
        var crossKey = unet.Tensors.Select(t => t.Name).FirstOrDefault(n => n.EndsWith(".attn2.to_k.weight", StringComparison.Ordinal))
            ?? throw new ModelConversionException($"'{path}': the U-Net has no cross-attention (no {LdmUNetKeys.Prefix}*.attn2.to_k.weight).");
        var projection = unet.Tensors.Select(t => t.Name).FirstOrDefault(n => n.EndsWith(".proj_in.weight", StringComparison.Ordinal))
            ?? throw new ModelConversionException($"'{path}': the U-Net's attention blocks have no proj_in weight.");
        return new LdmArchitecture
        {
            TextLayout = layout,
            TextWidth = Dim(path, text, "text_model.embeddings.token_embedding.weight", 1, 2),
            VocabularySize = Dim(path, text, "text_model.embeddings.token_embedding.weight", 0, 2),
            MaxPositions = Dim(path, text, "text_model.embeddings.position_embedding.weight", 0, 2),
            TextLayers = Count(text, i => $"text_model.encoder.layers.{i}.layer_norm1.weight"),
            TextIntermediate = Dim(path, text, "text_model.encoder.layers.0.mlp.fc1.weight", 0, 2),
            UNetInChannels = Dim(path, unet, "conv_in.weight", 1, 4),
            UNetOutChannels = Dim(path, unet, "conv_out.weight", 0, 4),
            UNetBlockOutChannels = [.. Enumerable.Range(0, unetLevels).Select(i => Dim(path, unet, $"down_blocks.{i}.resnets.0.conv1.weight", 0, 4))],
            UNetLayersPerBlock = Count(unet, i => $"down_blocks.0.resnets.{i}.conv1.weight"),
            UNetDownBlockTypes = [.. Enumerable.Range(0, unetLevels).Select(i =>
                unet.Contains($"down_blocks.{i}.attentions.0.proj_in.weight") ? "CrossAttnDownBlock2D" : "DownBlock2D")],
            UNetUpBlockTypes = [.. Enumerable.Range(0, unetLevels).Select(i =>
                unet.Contains($"up_blocks.{i}.attentions.0.proj_in.weight") ? "CrossAttnUpBlock2D" : "UpBlock2D")],
            CrossAttentionDim = Dim(path, unet, crossKey, 1, 2),
            LinearProjection = unet.GetTensor(projection).Shape.Count == 2,
            VaeInChannels = Dim(path, vae, "encoder.conv_in.weight", 1, 4),
            VaeOutChannels = Dim(path, vae, "decoder.conv_out.weight", 0, 4),
            VaeLatentChannels = Dim(path, vae, "decoder.conv_in.weight", 1, 4),
            VaeBlockOutChannels = [.. Enumerable.Range(0, vaeLevels).Select(i => Dim(path, vae, $"encoder.down_blocks.{i}.resnets.0.conv1.weight", 0, 4))],
            VaeLayersPerBlock = Count(vae, i => $"encoder.down_blocks.0.resnets.{i}.conv1.weight"),
        };
    }

    private static int Count(WeightFile view, Func<int, string> name)
    {
        var count = 0;
        while (view.Contains(name(count)))
        {
            count++;
        }

        return count;
    }

    /// <summary>One dimension of a tensor the detection needs, with a conversion error when it is missing or of another rank.</summary>
    private static int Dim(string path, WeightFileView view, string name, int axis, int rank)
    {
        if (!view.TryGetTensor(name, out var tensor))
        {
            throw new ModelConversionException($"'{path}' lacks the tensor that diffusers names '{name}'; the checkpoint is incomplete.");
        }

        if (tensor.Shape.Count != rank)
        {
            throw new ModelConversionException(
                $"'{path}': '{view.SourceName(name)}' has shape [{string.Join(", ", tensor.Shape)}]; a {rank}-D tensor was expected.");
        }

        return checked((int)tensor.Shape[axis]);
    }
}
