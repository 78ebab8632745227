using Engine.Hub;

namespace WebUi.ModelImport;

/// <summary>
/// A Hugging Face repository id, revision and weight variant as the downloader accepts them (<see cref="HubNames"/>'s
/// rules), with the page's translated messages. Because '--' cannot occur in a part of <c>owner/name</c>, the download
/// cache folder <c>owner--name</c> names exactly one repository.
/// </summary>
public static class HubRepoId
{
    /// <summary>The revision used when none is given.</summary>
    public const string DefaultRevision = "main";

    /// <summary>What is wrong with <paramref name="repoId"/>, or null when it is a valid <c>owner/name</c>.</summary>
    public static InputProblem? Validate(string? repoId)
    {
        if (string.IsNullOrWhiteSpace(repoId))
        {
            return new InputProblem("Enter a repository id such as owner/name.");
        }

        return HubNames.RepoIdProblem(repoId) is null
            ? null
            : new InputProblem("'{0}' is not a repository id: use owner/name with letters, digits, '.', '_' or '-'.", repoId);
    }

    /// <summary>What is wrong with <paramref name="revision"/> (a branch, tag or commit), or null.</summary>
    public static InputProblem? ValidateRevision(string? revision) =>
        HubNames.RevisionProblem(revision) is null
            ? null
            : new InputProblem("'{0}' is not a revision: use a branch, tag or commit name.", revision ?? string.Empty);

    /// <summary>What is wrong with <paramref name="variant"/> (a weight variant such as fp16; empty: none), or null.</summary>
    public static InputProblem? ValidateVariant(string? variant) =>
        string.IsNullOrEmpty(variant) || HubNames.VariantProblem(variant) is null
            ? null
            : new InputProblem("'{0}' is not a weight variant: use a name such as fp16, or leave it empty.", variant);

    /// <summary>The download cache folder name of a valid <paramref name="repoId"/>: <c>owner--name</c>.</summary>
    public static string CacheFolderName(string repoId)
    {
        if (Validate(repoId) is { } problem)
        {
            throw new ArgumentException(problem.ToString(), nameof(repoId));
        }

        return repoId.Replace("/", "--", StringComparison.Ordinal);
    }

    /// <summary>The name part of <c>owner/name</c> (the suggested model name), or the text itself.</summary>
    public static string NamePart(string repoId)
    {
        ArgumentNullException.ThrowIfNull(repoId);
        var slash = repoId.LastIndexOf('/');
        return slash >= 0 ? repoId[(slash + 1)..] : repoId;
    }
}
