using Engine.Onnx.Writing;
using Engine.Weights;

namespace Engine.Conversion;

/// <summary>
/// Converts the components of a diffusers folder (safetensors or PyTorch weights plus config.json) into ONNX model
/// folders in optimum's layout (<c>model.onnx</c> + <c>config.json</c>), weights as initializers: fp32, or for the text
/// encoder and the U-Net optionally fp16 with fp32 islands (docs/decisions/0007-fp16-fp32-islands.md). The VAE is
/// always fp32.
/// </summary>
/// <remarks>
/// Each method writes into a hidden temporary folder beside <c>targetDir</c> and renames it to <c>targetDir</c> only
/// when everything is written; on failure or cancellation the temporary folder is deleted, so a target either does
/// not exist or is complete. An existing target is never overwritten. Weights are streamed from the source file into
/// the output when it is written, so memory holds the graph and a bounded buffer, not the model.
/// </remarks>
public static class DiffusersToOnnxConverter
{
    /// <summary>
    /// Models whose weights reach this size keep their initializers (those of 1 KiB or more) in <c>model.onnx_data</c>
    /// beside <c>model.onnx</c>: protobuf cannot hold a message of 2 GB, and 1 GiB leaves room for the graph.
    /// </summary>
    internal const long ExternalDataThresholdBytes = 1L << 30;

    /// <summary>Converts a transformers <c>CLIPTextModel</c> folder (<c>text_encoder/</c>) into an optimum <c>text_encoder/</c> folder.</summary>
    public static void ConvertTextEncoder(
        string sourceDir, string targetDir, IProgress<ConversionProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ConvertTextEncoder(sourceDir, targetDir, ModelPrecision.Float32, progress, cancellationToken);

    /// <summary>As the other overload, in the given precision (float16: weights and outputs float16, fp32 islands).</summary>
    public static void ConvertTextEncoder(
        string sourceDir, string targetDir, ModelPrecision precision, IProgress<ConversionProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ConvertTextEncoder(sourceDir, targetDir, precision, ExternalDataThresholdBytes, progress, cancellationToken);

    /// <summary>As the public overload, with the model size from which weights go to external data (tests use a small one).</summary>
    internal static void ConvertTextEncoder(
        string sourceDir,
        string targetDir,
        ModelPrecision precision,
        long externalDataThresholdBytes,
        IProgress<ConversionProgress>? progress,
        CancellationToken cancellationToken) =>
        Convert(sourceDir, targetDir, (config, weights) =>
            ClipTextEncoderGraph.Build(config, weights, progress, cancellationToken, precision), progress, "text_encoder", externalDataThresholdBytes, cancellationToken);

    /// <summary>Converts the decoder half of a diffusers <c>AutoencoderKL</c> folder (<c>vae/</c>) into an optimum <c>vae_decoder/</c> folder.</summary>
    public static void ConvertVaeDecoder(
        string sourceDir, string targetDir, IProgress<ConversionProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Convert(sourceDir, targetDir, (config, weights) =>
            VaeDecoderGraph.Build(config, weights, progress, cancellationToken), progress, "vae_decoder", ExternalDataThresholdBytes, cancellationToken);

    /// <summary>Converts the encoder half of a diffusers <c>AutoencoderKL</c> folder (<c>vae/</c>) into an optimum <c>vae_encoder/</c> folder.</summary>
    public static void ConvertVaeEncoder(
        string sourceDir, string targetDir, IProgress<ConversionProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Convert(sourceDir, targetDir, (config, weights) =>
            VaeEncoderGraph.Build(config, weights, progress, cancellationToken), progress, "vae_encoder", ExternalDataThresholdBytes, cancellationToken);

    /// <summary>Converts a diffusers <c>UNet2DConditionModel</c> folder (<c>unet/</c>, SD 1.x/2.x layout) into an optimum <c>unet/</c> folder.</summary>
    public static void ConvertUNet(
        string sourceDir, string targetDir, IProgress<ConversionProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ConvertUNet(sourceDir, targetDir, ModelPrecision.Float32, progress, cancellationToken);

    /// <summary>
    /// As the other overload, in the given precision (float16: weights, <c>sample</c>, <c>encoder_hidden_states</c> and
    /// <c>out_sample</c> float16, <c>timestep</c> float32, attention scores and normalizations float32).
    /// </summary>
    public static void ConvertUNet(
        string sourceDir, string targetDir, ModelPrecision precision, IProgress<ConversionProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Convert(sourceDir, targetDir, (config, weights) =>
            UNetGraph.Build(config, weights, progress, cancellationToken, precision), progress, "unet", ExternalDataThresholdBytes, cancellationToken);

    /// <summary>
    /// Converts one component from a config file and an open weight file (a folder's weights or a view of a single-file
    /// checkpoint): <paramref name="component"/> is <c>text_encoder</c>, <c>unet</c>, <c>vae_encoder</c> or
    /// <c>vae_decoder</c>. Same staging and cleanup as the folder methods; the config is copied as config.json.
    /// </summary>
    internal static void ConvertComponent(
        string component,
        string configPath,
        WeightFile weights,
        string targetDir,
        ModelPrecision precision,
        IProgress<ConversionProgress>? progress,
        CancellationToken cancellationToken)
    {
        Func<string, WeightFile, OnnxGraphBuilder> build = component switch
        {
            "text_encoder" => (config, w) => ClipTextEncoderGraph.Build(config, w, progress, cancellationToken, precision),
            "unet" => (config, w) => UNetGraph.Build(config, w, progress, cancellationToken, precision),
            "vae_encoder" => (config, w) => VaeEncoderGraph.Build(config, w, progress, cancellationToken),
            "vae_decoder" => (config, w) => VaeDecoderGraph.Build(config, w, progress, cancellationToken),
            _ => throw new ArgumentException($"Unknown component '{component}'.", nameof(component)),
        };
        var target = StagingFolder.CheckTarget(targetDir);
        cancellationToken.ThrowIfCancellationRequested();
        var temporary = StagingFolder.Create(target);
        try
        {
            Write(configPath, build(configPath, weights), temporary, target, progress, component, ExternalDataThresholdBytes, cancellationToken);
        }
        catch
        {
            StagingFolder.TryDelete(temporary);
            throw;
        }
    }

    private static void Convert(
        string sourceDir,
        string targetDir,
        Func<string, WeightFile, OnnxGraphBuilder> build,
        IProgress<ConversionProgress>? progress,
        string component,
        long externalDataThresholdBytes,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceDir);
        ArgumentException.ThrowIfNullOrEmpty(targetDir);
        var target = StagingFolder.CheckTarget(targetDir);

        var configPath = Path.Combine(sourceDir, "config.json");
        if (!File.Exists(configPath))
        {
            throw new ModelConversionException($"'{sourceDir}' has no config.json.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var temporary = StagingFolder.Create(target);
        try
        {
            using var weights = ComponentWeightFiles.Open(sourceDir);
            Write(configPath, build(configPath, weights), temporary, target, progress, component, externalDataThresholdBytes, cancellationToken);
        }
        catch
        {
            StagingFolder.TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Saves the graph (its weights streamed from the still open source file) and the config into the staging folder,
    /// then renames it to the target.
    /// </summary>
    private static void Write(
        string configPath,
        OnnxGraphBuilder graph,
        string temporary,
        string target,
        IProgress<ConversionProgress>? progress,
        string component,
        long externalDataThresholdBytes,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var bytes = graph.Initializers.Sum(t => t.ByteLength);
        graph.Save(Path.Combine(temporary, "model.onnx"),
            bytes >= externalDataThresholdBytes ? new OnnxExternalDataOptions { SizeThreshold = 1024 } : null);
        var total = graph.Initializers.Count;
        progress?.Report(new ConversionProgress(component, "writing", total, total));
        File.Copy(configPath, Path.Combine(temporary, "config.json"));
        cancellationToken.ThrowIfCancellationRequested();
        Directory.Move(temporary, target);
    }
}
