using System.Text.Json;
using System.Text.RegularExpressions;

namespace Engine.Hub;

/// <summary>
/// Chooses the files of a diffusers pipeline from a repository listing: <c>model_index.json</c>, and for each
/// component it names, the component's configuration and tokenizer files and one set of weights, in the order
/// diffusers prefers: <c>.safetensors</c> (single, else a sharded index and its shards), else PyTorch <c>.bin</c>.
/// Other formats of the same weights (<c>.ckpt</c>, flax <c>.msgpack</c>, TensorFlow, ONNX, OpenVINO), variant files
/// (<c>*.fp16.safetensors</c>) unless asked for, and everything outside the component folders are skipped.
/// </summary>
internal static partial class HubPipelineFileSelector
{
    /// <summary>The file that makes a repository a diffusers pipeline.</summary>
    public const string ModelIndex = "model_index.json";

    private static readonly string[] s_stems = ["model", "diffusion_pytorch_model", "pytorch_model"];

    private static readonly string[] s_formats = ["safetensors", "bin"];

    // Configuration, tokenizer and scheduler files: JSON, BPE merges and vocabularies, sentencepiece models.
    private static readonly string[] s_auxiliaryExtensions = [".json", ".txt", ".model"];

    private static readonly string[] s_weightExtensions =
        [".safetensors", ".bin", ".ckpt", ".pt", ".pth", ".msgpack", ".h5", ".onnx", ".onnx_data", ".pb", ".xml", ".tflite", ".gguf"];

    /// <summary>The component folders <c>model_index.json</c> names (entries <c>"name": ["library", "Class"]</c>), less the skipped ones.</summary>
    public static IReadOnlyList<string> Components(string repoId, ReadOnlySpan<byte> modelIndexJson, ISet<string> skipped)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(modelIndexJson.ToArray());
        }
        catch (JsonException e)
        {
            throw NotAPipeline(repoId, $"its {ModelIndex} is not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw NotAPipeline(repoId, $"its {ModelIndex} is not a JSON object");
            }

            var components = new List<string>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.StartsWith('_') || skipped.Contains(property.Name) || !IsLibraryAndClass(property.Value))
                {
                    continue;
                }

                if (HubRepoPaths.Problem(property.Name) is not null || property.Name.Contains('/', StringComparison.Ordinal))
                {
                    throw new HubDownloadException(
                        HubDownloadFailure.InvalidListing,
                        $"The {ModelIndex} of '{repoId}' names a component '{property.Name}' that is not a plain folder name.");
                }

                components.Add(property.Name);
            }

            if (components.Count == 0)
            {
                throw NotAPipeline(repoId, $"its {ModelIndex} names no components");
            }

            return components;
        }
    }

    /// <summary>
    /// The files of <paramref name="component"/> to download and, when its weights are sharded, the index file whose
    /// <c>weight_map</c> names the shards (it is also in the files; <see cref="Shards"/> reads it once downloaded).
    /// </summary>
    public static (IReadOnlyList<HubRepoFile> Files, HubRepoFile? ShardIndex) Select(
        string repoId, HubRepoListing listing, string component, string? variant)
    {
        var inFolder = listing.Files.Where(f => string.Equals(f.Folder, component, StringComparison.Ordinal)).ToList();
        if (inFolder.Count == 0)
        {
            throw NotAPipeline(repoId, $"{ModelIndex} names the component '{component}' but the repository has no '{component}/' folder at this revision");
        }

        var files = inFolder.Where(IsAuxiliary).ToList();
        var weights = inFolder.Where(IsWeightLike).ToList();
        if (weights.Count == 0)
        {
            return (files, null); // tokenizer, scheduler: configuration only
        }

        var chosen = ChooseWeights(weights, variant);
        if (chosen is null)
        {
            var names = string.Join(", ", weights.Select(w => w.Name).Take(8));
            var variantHint = variant is null && weights.Any(w => WeightVariant(w.Name) is not null)
                ? " Its weights come only as a variant: ask for that variant (for example fp16)."
                : string.Empty;
            throw NotAPipeline(repoId, $"the component '{component}' has no .safetensors or PyTorch .bin weights the app can use (it has: {names}).{variantHint}");
        }

        files.Add(chosen.Value.File);
        return (files, chosen.Value.IsIndex ? chosen.Value.File : null);
    }

    /// <summary>The shards the index's <c>weight_map</c> names, each in the index's folder and in the listing.</summary>
    public static IReadOnlyList<HubRepoFile> Shards(string repoId, HubRepoListing listing, HubRepoFile index, ReadOnlySpan<byte> indexJson)
    {
        var shardNames = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(indexJson.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            {
                throw NotAPipeline(repoId, $"'{index.Path}' has no weight_map object");
            }

            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                {
                    throw NotAPipeline(repoId, $"'{index.Path}' maps '{entry.Name}' to something other than a file name");
                }

                shardNames.Add(entry.Value.GetString()!);
            }
        }
        catch (JsonException e)
        {
            throw NotAPipeline(repoId, $"'{index.Path}' is not valid JSON ({e.Message})", e);
        }

        var shards = new List<HubRepoFile>();
        foreach (var name in shardNames)
        {
            var path = $"{index.Folder}/{name}";
            if (name.Contains('/', StringComparison.Ordinal) || HubRepoPaths.Problem(path) is not null)
            {
                throw new HubDownloadException(
                    HubDownloadFailure.InvalidListing,
                    $"'{index.Path}' in '{repoId}' names a shard '{name}' outside its own folder; nothing more was downloaded.");
            }

            shards.Add(listing.Find(path)
                ?? throw NotAPipeline(repoId, $"'{index.Path}' names the shard '{name}', which the repository does not have at this revision"));
        }

        return shards;
    }

    private static (HubRepoFile File, bool IsIndex)? ChooseWeights(List<HubRepoFile> weights, string? variant)
    {
        IEnumerable<string?> variants = variant is null ? [null] : [variant, null];
        foreach (var wanted in variants)
        {
            foreach (var format in s_formats)
            {
                foreach (var isIndex in new[] { false, true })
                {
                    foreach (var stem in s_stems)
                    {
                        var name = WeightName(stem, format, wanted, isIndex);
                        if (weights.FirstOrDefault(w => string.Equals(w.Name, name, StringComparison.Ordinal)) is { } file)
                        {
                            return (file, isIndex);
                        }
                    }
                }
            }
        }

        return null;
    }

    // diffusers / transformers naming: model.safetensors, model.fp16.safetensors, model.safetensors.index.json,
    // model.safetensors.index.fp16.json.
    private static string WeightName(string stem, string format, string? variant, bool isIndex) =>
        (isIndex, variant) switch
        {
            (false, null) => $"{stem}.{format}",
            (false, _) => $"{stem}.{variant}.{format}",
            (true, null) => $"{stem}.{format}.index.json",
            (true, _) => $"{stem}.{format}.index.{variant}.json",
        };

    private static string? WeightVariant(string name)
    {
        var match = VariantPattern().Match(name);
        return match.Success ? match.Groups["variant"].Value : null;
    }

    private static bool IsWeightIndex(string name) => WeightIndexPattern().IsMatch(name);

    private static bool IsWeightLike(HubRepoFile file) =>
        IsWeightIndex(file.Name) || s_weightExtensions.Any(e => file.Name.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static bool IsAuxiliary(HubRepoFile file) =>
        !IsWeightLike(file) && s_auxiliaryExtensions.Any(e => file.Name.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static bool IsLibraryAndClass(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 2
        && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String);

    private static HubDownloadException NotAPipeline(string repoId, string what, Exception? inner = null)
    {
        var message = $"'{repoId}' is not a diffusers pipeline this app can download: {what}.";
        return inner is null
            ? new HubDownloadException(HubDownloadFailure.NotADiffusersPipeline, message)
            : new HubDownloadException(HubDownloadFailure.NotADiffusersPipeline, message, inner);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_]+\.(?:safetensors|bin)\.index(?:\.[A-Za-z0-9_]+)?\.json$")]
    private static partial Regex WeightIndexPattern();

    [GeneratedRegex(@"^(?:model|diffusion_pytorch_model|pytorch_model)(?:\.(?<variant>[A-Za-z0-9_]+)(?:-\d+-of-\d+)?\.(?:safetensors|bin)|\.(?:safetensors|bin)\.index\.(?<variant>[A-Za-z0-9_]+)\.json)$")]
    private static partial Regex VariantPattern();
}
