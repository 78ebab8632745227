using Engine.Models;

namespace Engine.Conversion.SingleFile;

/// <summary>
/// Imports a single-file checkpoint in the original LDM layout (AUTOMATIC1111's <c>.safetensors</c> / <c>.ckpt</c>)
/// into the optimum ONNX layout <see cref="ModelImporter"/> writes for diffusers folders: text_encoder, unet,
/// vae_encoder, vae_decoder, tokenizer, scheduler, model_index.json.
/// </summary>
/// <remarks>
/// The checkpoint's keys are mapped to diffusers names as views of the open file (<see cref="LdmCheckpoint"/>), so the
/// graph builders read it as they read a diffusers folder. The component configs are synthesized for the family
/// (<see cref="SingleFileConfigs"/>) or taken from <see cref="ModelImportOptions.ConfigSource"/>. A checkpoint carries
/// no tokenizer: its vocab.json and merges.txt come from <see cref="ModelImportOptions.TokenizerSource"/> or a
/// <c>tokenizer/</c> folder beside the file, with tokenizer_config.json and special_tokens_map.json written for the
/// family. Everything is checked before the staging folder is created, written into it, and renamed to the target
/// only when complete; on failure or cancellation it is deleted.
/// </remarks>
internal static class SingleFileImporter
{
    private static readonly string[] s_extensions = [".safetensors", ".ckpt", ".pt", ".pth", ".bin"];
    private static readonly string[] s_tokenizerFiles = ["vocab.json", "merges.txt"];

    public static void Import(
        string source, string targetDir, ModelImportOptions options, IProgress<ModelImportProgress>? progress, CancellationToken cancellationToken)
    {
        if (!s_extensions.Contains(Path.GetExtension(source), StringComparer.OrdinalIgnoreCase))
        {
            throw new ModelConversionException(
                $"'{source}' is a file but not a checkpoint this importer reads ({string.Join(", ", s_extensions)}); a diffusers model is imported from its folder.");
        }

        var tokenizer = FindTokenizer(source, options);
        var target = StagingFolder.CheckTarget(targetDir);
        using var checkpoint = LdmCheckpoint.Open(source);
        var settings = SingleFileModelSettings.Resolve(checkpoint.Architecture, options, source);
        var configs = ComponentConfigs(checkpoint, settings, options);
        cancellationToken.ThrowIfCancellationRequested();

        StagingFolder.WriteThenRename(target, temporary =>
        {
            // The synthesized configs live in the staging folder while the components are converted (each copies
            // its own as config.json), so a failure leaves none of them behind.
            var configFolder = Path.Combine(temporary, ".configs");
            Directory.CreateDirectory(configFolder);
            string Config(string component)
            {
                var path = Path.Combine(configFolder, component + ".json");
                File.WriteAllBytes(path, configs[component]);
                return path;
            }

            string Out(string name) => Path.Combine(temporary, name);
            var vaeBytes = LdmCheckpoint.Bytes(checkpoint.Vae);
            RunNamingTheLayout(
            [
                new("unet", LdmCheckpoint.Bytes(checkpoint.UNet), (p, ct) =>
                {
                    DiffusersToOnnxConverter.ConvertComponent("unet", Config("unet"), checkpoint.UNet, Out("unet"), options.Precision, p, ct);
                    if (settings.ProbePrediction)
                    {
                        ct.ThrowIfCancellationRequested();
                        p?.Report(new ConversionProgress("unet", "probing", 1, 1));
                        settings = Probe(Out("unet"), checkpoint.Architecture, settings, ct);
                        if (options.ConfigSource is null)
                        {
                            configs = ComponentConfigs(checkpoint, settings, options);
                            File.WriteAllBytes(Path.Combine(Out("unet"), "config.json"), configs["unet"]);
                        }
                    }
                }),
                new("text_encoder", LdmCheckpoint.Bytes(checkpoint.TextEncoder), (p, ct) =>
                    DiffusersToOnnxConverter.ConvertComponent("text_encoder", Config("text_encoder"), checkpoint.TextEncoder, Out("text_encoder"), options.Precision, p, ct)),
                new("vae_encoder", vaeBytes / 2, (p, ct) =>
                    DiffusersToOnnxConverter.ConvertComponent("vae_encoder", Config("vae"), checkpoint.Vae, Out("vae_encoder"), options.Precision, p, ct)),
                new("vae_decoder", vaeBytes / 2, (p, ct) =>
                    DiffusersToOnnxConverter.ConvertComponent("vae_decoder", Config("vae"), checkpoint.Vae, Out("vae_decoder"), options.Precision, p, ct)),
            ], progress, cancellationToken);
            Directory.Delete(configFolder, recursive: true);

            WriteTokenizer(tokenizer, Out("tokenizer"), settings.Family);
            Directory.CreateDirectory(Out("scheduler"));
            File.WriteAllBytes(Path.Combine(Out("scheduler"), "scheduler_config.json"), SingleFileConfigs.Scheduler(settings.PredictionType));
            File.WriteAllBytes(Out("model_index.json"), SingleFileConfigs.ModelIndex(settings.PredictionType));
        }, progress, cancellationToken);
    }

    /// <summary>
    /// Runs the conversions; a graph builder's error names tensors by their diffusers names, which the checkpoint does
    /// not use, so the message says so.
    /// </summary>
    private static void RunNamingTheLayout(IReadOnlyList<ImportStep> steps, IProgress<ModelImportProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            ImportSteps.Run(steps, progress, cancellationToken);
        }
        catch (ModelConversionException ex)
        {
            throw new ModelConversionException(
                ex.Message + " (The tensor names are diffusers' names for the checkpoint's original LDM tensors.)", ex);
        }
    }

    /// <summary>Runs <see cref="VPredictionProbe"/> on the converted U-Net and settles prediction type and image size.</summary>
    private static SingleFileModelSettings Probe(
        string unetFolder, LdmArchitecture architecture, SingleFileModelSettings settings, CancellationToken cancellationToken)
    {
        var statistic = VPredictionProbe.Statistic(
            Path.Combine(unetFolder, "model.onnx"), architecture.UNetInChannels, architecture.CrossAttentionDim, cancellationToken);
        return settings.Decided(VPredictionProbe.IsVPrediction(statistic));
    }

    private static string FindTokenizer(string source, ModelImportOptions options)
    {
        var folder = options.TokenizerSource
            ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source))!, "tokenizer");
        var missing = s_tokenizerFiles.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
        if (missing.Count == 0)
        {
            return folder;
        }

        var where = options.TokenizerSource is null
            ? $"there is no tokenizer folder beside it ('{folder}' lacks {string.Join(" and ", missing)})"
            : $"the TokenizerSource '{folder}' lacks {string.Join(" and ", missing)}";
        throw new ModelConversionException(
            $"'{source}' carries no tokenizer, and {where}. Set ModelImportOptions.TokenizerSource to a folder holding " +
            "CLIP's vocab.json and merges.txt (the tokenizer/ folder of any SD 1.x or 2.x diffusers model), or put them " +
            "in a tokenizer/ folder beside the checkpoint.");
    }

    private static Dictionary<string, byte[]> ComponentConfigs(LdmCheckpoint checkpoint, SingleFileModelSettings settings, ModelImportOptions options)
    {
        var path = checkpoint.FilePath;
        var architecture = checkpoint.Architecture;
        if (options.ConfigSource is null)
        {
            return new(StringComparer.Ordinal)
            {
                ["text_encoder"] = SingleFileConfigs.TextEncoder(architecture, settings, path),
                ["unet"] = SingleFileConfigs.UNet(architecture, settings, path),
                ["vae"] = SingleFileConfigs.Vae(architecture, settings, path),
            };
        }

        var configs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var component in new[] { "text_encoder", "unet", "vae" })
        {
            var file = Path.Combine(options.ConfigSource, component, "config.json");
            if (!File.Exists(file))
            {
                throw new ModelConversionException($"The ConfigSource '{options.ConfigSource}' has no {component}/config.json.");
            }

            configs[component] = File.ReadAllBytes(file);
        }

        var layers = ConfigJson.Parse(System.Text.Encoding.UTF8.GetString(configs["text_encoder"]), "text_encoder/config.json")
            .GetInt32("num_hidden_layers", 12);
        if (layers != architecture.TextLayers)
        {
            throw new ModelConversionException(
                $"The ConfigSource's text_encoder/config.json has num_hidden_layers {layers}, but the text encoder of '{path}' " +
                $"converts to {architecture.TextLayers} layers" +
                (architecture.TextLayout == LdmTextEncoderLayout.OpenClip ? " (its OpenCLIP resblocks less the last, which SD 2 does not use)." : "."));
        }

        return configs;
    }

    private static void WriteTokenizer(string source, string target, ModelFamily family)
    {
        Directory.CreateDirectory(target);
        foreach (var file in s_tokenizerFiles)
        {
            File.Copy(Path.Combine(source, file), Path.Combine(target, file));
        }

        File.WriteAllBytes(Path.Combine(target, "tokenizer_config.json"), SingleFileConfigs.TokenizerConfig(family));
        File.WriteAllBytes(Path.Combine(target, "special_tokens_map.json"), SingleFileConfigs.SpecialTokensMap(family));
    }
}
