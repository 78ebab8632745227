using Engine.Conversion;
using Engine.Models;
using WebUi.ModelImport;

namespace WebUi.Hosting;

/// <summary>
/// The command-line form of a model import, for scripts: <c>--import &lt;path&gt; --name &lt;name&gt;</c> or
/// <c>--download &lt;owner/name&gt;</c>, with the conversion options. The app imports and exits instead of serving.
/// </summary>
public sealed record ModelImportCommandLine
{
    /// <summary>The flags of the import command, with their help text (each takes a value).</summary>
    public static IReadOnlyList<(string Flag, string Help)> Flags { get; } =
    [
        ("--import", "Import a diffusers folder or a .safetensors/.ckpt file into the models folder and exit (relative paths are inside the models folder)."),
        ("--download", "Download the diffusers repository owner/name from the Hugging Face hub, import it and exit."),
        ("--name", "Name (folder) of the imported model; required with --import, the repository's name by default with --download."),
        ("--precision", "fp32 (default) or fp16."),
        ("--family", "Single-file checkpoints: sd1 or sd2 instead of detecting it."),
        ("--prediction", "Single-file checkpoints: epsilon or v instead of detecting it."),
        ("--image-size", "Single-file checkpoints: 512 or 768 instead of detecting it."),
        ("--tokenizer", "Single-file checkpoints: a folder with the CLIP tokenizer (vocab.json, merges.txt)."),
        ("--revision", "With --download: branch, tag or commit (default main)."),
        ("--variant", "With --download: a weight variant such as fp16 (default: the plain weights)."),
        ("--hf-token-file", "With --download: a file holding a Hugging Face access token (the token itself is never a flag)."),
    ];

    /// <summary>The source path of <c>--import</c>.</summary>
    public string? ImportPath { get; init; }

    /// <summary>The repository of <c>--download</c>.</summary>
    public string? RepoId { get; init; }

    public string? Name { get; init; }

    public string Revision { get; init; } = HubRepoId.DefaultRevision;

    public string? Variant { get; init; }

    public string? TokenFile { get; init; }

    public string? TokenizerFolder { get; init; }

    public ModelPrecision Precision { get; init; } = ModelPrecision.Float32;

    public ModelFamily? Family { get; init; }

    public PredictionType? Prediction { get; init; }

    public int? ImageSize { get; init; }

    /// <summary>True when <paramref name="flag"/> belongs to the import command.</summary>
    public static bool IsFlag(string flag) => Flags.Any(f => f.Flag == flag);

    /// <summary>
    /// The import command from its flags' <paramref name="values"/> (flag → value); null when none was given, or when
    /// something is wrong, which then goes into <paramref name="errors"/>.
    /// </summary>
    public static ModelImportCommandLine? From(IReadOnlyDictionary<string, string> values, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(errors);
        if (values.Count == 0)
        {
            return null;
        }

        var before = errors.Count;
        var import = values.GetValueOrDefault("--import");
        var download = values.GetValueOrDefault("--download");
        if ((import is null) == (download is null))
        {
            errors.Add(import is null
                ? $"Options {string.Join(", ", values.Keys.Order(StringComparer.Ordinal))} need --import <path> or --download <owner/name>."
                : "Give either --import or --download, not both.");
        }

        if (import is not null && !values.ContainsKey("--name"))
        {
            errors.Add("--import needs --name <name> for the new model.");
        }

        if (import is not null && (values.ContainsKey("--revision") || values.ContainsKey("--variant") || values.ContainsKey("--hf-token-file")))
        {
            errors.Add("--revision, --variant and --hf-token-file go with --download only.");
        }

        var command = new ModelImportCommandLine
        {
            ImportPath = import,
            RepoId = download,
            Name = values.GetValueOrDefault("--name") ?? (download is null ? null : ModelImportName.Suggest(HubRepoId.NamePart(download))),
            Revision = values.GetValueOrDefault("--revision") ?? HubRepoId.DefaultRevision,
            Variant = values.GetValueOrDefault("--variant"),
            TokenFile = values.GetValueOrDefault("--hf-token-file"),
            TokenizerFolder = values.GetValueOrDefault("--tokenizer"),
            Precision = Choice(values, "--precision", errors, ModelPrecision.Float32, ("fp32", ModelPrecision.Float32), ("fp16", ModelPrecision.Float16)),
            Family = Choice<ModelFamily?>(values, "--family", errors, null, ("sd1", ModelFamily.StableDiffusion1), ("sd2", ModelFamily.StableDiffusion2)),
            Prediction = Choice<PredictionType?>(values, "--prediction", errors, null, ("epsilon", PredictionType.Epsilon), ("v", PredictionType.VPrediction)),
            ImageSize = Choice<int?>(values, "--image-size", errors, null, ("512", 512), ("768", 768)),
        };
        return errors.Count > before ? null : command;
    }

    private static T Choice<T>(IReadOnlyDictionary<string, string> values, string flag, List<string> errors, T fallback, params (string Text, T Value)[] choices)
    {
        if (!values.TryGetValue(flag, out var text))
        {
            return fallback;
        }

        foreach (var choice in choices)
        {
            if (string.Equals(choice.Text, text, StringComparison.OrdinalIgnoreCase))
            {
                return choice.Value;
            }
        }

        errors.Add($"Option '{flag}' must be {string.Join(" or ", choices.Select(c => c.Text))}, not '{text}'.");
        return fallback;
    }
}
