using System.Text.Json;
using Engine.Conversion.SingleFile;
using Engine.Weights;

namespace Engine.Conversion;

/// <summary>
/// Imports a whole diffusers pipeline folder (<c>model_index.json</c>, <c>text_encoder/</c>, <c>unet/</c>,
/// <c>vae/</c>, <c>tokenizer/</c>, <c>scheduler/</c>), or a single-file checkpoint in the original LDM layout
/// (<c>.safetensors</c>, <c>.ckpt</c>, <c>.pt</c>, <c>.bin</c>; see <see cref="SingleFile.SingleFileImporter"/>), as an
/// ONNX model folder in optimum's layout, which the model catalog then lists like any other.
/// </summary>
/// <remarks>
/// Everything is written into a hidden temporary folder beside the target and renamed to it only when complete; on
/// failure or cancellation the temporary folder is deleted, so the target either does not exist or is whole.
/// <see cref="ModelImportOptions.Precision"/> applies to the text encoder and the U-Net; the VAE is always converted in
/// float32 (docs/decisions/0007-fp16-fp32-islands.md).
/// </remarks>
public static class ModelImporter
{
    private static readonly string[] s_copiedFolders = ["tokenizer", "scheduler"];
    private static readonly string[] s_pipelineEntries =
        ["model_index.json", "text_encoder/config.json", "unet/config.json", "vae/config.json", "tokenizer", "scheduler"];

    /// <summary>Converts the diffusers folder or single-file checkpoint <paramref name="source"/> into <paramref name="targetDir"/>.</summary>
    /// <exception cref="ModelConversionException">The source is not a convertible diffusers folder or checkpoint.</exception>
    /// <exception cref="IOException">The target exists already, or a file could not be written.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is left behind.</exception>
    public static Task ImportAsync(
        string source,
        string targetDir,
        ModelImportOptions? options = null,
        IProgress<ModelImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(targetDir);
        options ??= new ModelImportOptions();
        return Task.Run(() => Import(source, targetDir, options, progress, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Deletes what imports and conversions into <paramref name="modelsRoot"/> left behind when their process was killed
    /// (their hidden staging folders); those of conversions still running are kept. Returns how many were deleted.
    /// </summary>
    public static int DeleteLeftoverStagingFolders(string modelsRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelsRoot);
        return StagingFolder.DeleteLeftovers(modelsRoot);
    }

    private static void Import(
        string source, string targetDir, ModelImportOptions options, IProgress<ModelImportProgress>? progress, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(options.Precision))
        {
            throw new ModelConversionException($"Precision {options.Precision} is not a known precision.");
        }

        if (File.Exists(source))
        {
            SingleFileImporter.Import(source, targetDir, options, progress, cancellationToken);
            return;
        }

        if (!Directory.Exists(source))
        {
            throw new ModelConversionException($"'{source}' is neither a folder nor a file.");
        }

        CheckPipelineFolder(source);
        var target = StagingFolder.CheckTarget(targetDir);
        StagingFolder.WriteThenRename(target, temporary =>
        {
            ImportSteps.Run(PlanSteps(source, temporary, options.Precision), progress, cancellationToken);

            foreach (var folder in s_copiedFolders)
            {
                CopyFolder(Path.Combine(source, folder), Path.Combine(temporary, folder));
            }

            File.Copy(Path.Combine(source, "model_index.json"), Path.Combine(temporary, "model_index.json"));
        }, progress, cancellationToken);
    }

    private static List<ImportStep> PlanSteps(string source, string temporary, ModelPrecision precision)
    {
        string In(string name) => Path.Combine(source, name);
        string Out(string name) => Path.Combine(temporary, name);
        var vaeBytes = WeightBytes(In("vae"));
        return
        [
            new("text_encoder", WeightBytes(In("text_encoder")),
                (p, ct) => DiffusersToOnnxConverter.ConvertTextEncoder(In("text_encoder"), Out("text_encoder"), precision, p, ct)),
            new("vae_encoder", vaeBytes / 2,
                (p, ct) => DiffusersToOnnxConverter.ConvertVaeEncoder(In("vae"), Out("vae_encoder"), p, ct)),
            new("vae_decoder", vaeBytes / 2,
                (p, ct) => DiffusersToOnnxConverter.ConvertVaeDecoder(In("vae"), Out("vae_decoder"), p, ct)),
            new("unet", WeightBytes(In("unet")),
                (p, ct) => DiffusersToOnnxConverter.ConvertUNet(In("unet"), Out("unet"), precision, p, ct)),
        ];
    }

    private static double WeightBytes(string componentFolder)
    {
        var path = ComponentWeightFiles.Find(componentFolder);
        if (!ShardedWeightFile.IsIndexFileName(Path.GetFileName(path)))
        {
            return Math.Max(1, new FileInfo(path).Length);
        }

        // Sharded: the shards the index names, each counted once.
        var folder = Path.GetDirectoryName(path)!;
        using var index = JsonDocument.Parse(File.ReadAllBytes(path));
        if (!index.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
        {
            throw new ModelConversionException($"'{path}' has no weight_map object.");
        }

        return Math.Max(1, map.EnumerateObject()
            .Select(p => p.Value.GetString() ?? string.Empty)
            .Distinct(StringComparer.Ordinal)
            .Select(name => Path.Combine(folder, Path.GetFileName(name)))
            .Where(File.Exists)
            .Sum(shard => (double)new FileInfo(shard).Length));
    }

    private static void CheckPipelineFolder(string source)
    {
        var missing = s_pipelineEntries
            .Where(name => !File.Exists(Path.Combine(source, name)) && !Directory.Exists(Path.Combine(source, name)))
            .ToList();
        if (missing.Count > 0)
        {
            throw new ModelConversionException(
                $"'{source}' is not a diffusers pipeline folder: it lacks {string.Join(", ", missing)}.");
        }
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
