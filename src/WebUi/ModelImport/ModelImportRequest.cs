using Engine.Conversion;

namespace WebUi.ModelImport;

/// <summary>
/// One import to run: a local <see cref="Source"/> or a hub repository (<see cref="RepoId"/>) to download first, the
/// name of the new model, and how to convert. A class, not a record, so that printing it never shows the token.
/// </summary>
public sealed class ModelImportRequest
{
    /// <summary>The new model's folder name under the models folder.</summary>
    public required string Name { get; init; }

    /// <summary>A local source (picked from <see cref="ModelImportSources.List"/>); null for a download.</summary>
    public ModelImportSource? Source { get; init; }

    /// <summary>A hub repository, <c>owner/name</c>, to download and then import; null for a local source.</summary>
    public string? RepoId { get; init; }

    /// <summary>Branch, tag or commit of <see cref="RepoId"/>.</summary>
    public string Revision { get; init; } = HubRepoId.DefaultRevision;

    /// <summary>A weight variant of <see cref="RepoId"/> to prefer, such as <c>fp16</c>; null for the plain weights.</summary>
    public string? Variant { get; init; }

    /// <summary>A token for this download only (the command line's <c>--hf-token-file</c>); else the saved one is used.</summary>
    public string? Token { get; init; }

    /// <summary>Precision and, for single-file checkpoints, the overrides of what is detected.</summary>
    public ModelImportOptions Options { get; init; } = new();

    /// <summary>True when the model is downloaded first.</summary>
    public bool IsDownload => RepoId is not null;

    /// <summary>What the import reads, for the page and the log: the source path or <c>owner/name@revision</c>.</summary>
    public string Description => IsDownload
        ? $"{RepoId}@{Revision}{(string.IsNullOrEmpty(Variant) ? "" : $" ({Variant})")}"
        : Source?.RelativePath ?? string.Empty;

    /// <summary>Every problem with the request, keyed by field (<c>Name</c>, <c>Source</c>, <c>RepoId</c>, <c>Revision</c>, <c>Variant</c>, <c>ImageSize</c>).</summary>
    public IReadOnlyDictionary<string, InputProblem> Validate(string modelsRoot)
    {
        var problems = new Dictionary<string, InputProblem>(StringComparer.Ordinal);
        if (ModelImportName.Validate(Name, modelsRoot) is { } name)
        {
            problems[nameof(Name)] = name;
        }

        if (IsDownload)
        {
            if (HubRepoId.Validate(RepoId) is { } repo)
            {
                problems[nameof(RepoId)] = repo;
            }

            if (HubRepoId.ValidateRevision(Revision) is { } revision)
            {
                problems[nameof(Revision)] = revision;
            }

            if (HubRepoId.ValidateVariant(Variant) is { } variant)
            {
                problems[nameof(Variant)] = variant;
            }

            if (Source is not null)
            {
                problems[nameof(Source)] = new InputProblem("Choose either a source in the models folder or a repository, not both.");
            }
        }
        else if (Source is null)
        {
            problems[nameof(Source)] = new InputProblem("Choose what to import.");
        }

        if (Options.ImageSize is not (null or 512 or 768))
        {
            problems[nameof(ModelImportOptions.ImageSize)] = new InputProblem("The image size is 512 or 768.");
        }

        return problems;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Description} -> {Name} ({Options.Precision})";
}
