using System.Buffers;

namespace Engine.Hub;

/// <summary>
/// The hub's rules for what a request may name, checked before anything is sent: repository ids, revisions,
/// variants and tokens.
/// </summary>
public static class HubNames
{
    /// <summary>Longest owner or repository name the hub accepts.</summary>
    public const int MaxNameLength = 96;

    /// <summary>Longest revision accepted (git ref names have no fixed limit; the hub's are far shorter).</summary>
    public const int MaxRevisionLength = 255;

    private static readonly SearchValues<char> s_nameCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    private static readonly SearchValues<char> s_forbiddenInRevision = SearchValues.Create(" ~^:?*[\\");

    private static readonly SearchValues<char> s_variantCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    /// <summary>Null when <paramref name="repoId"/> is a valid <c>owner/name</c>, else what is wrong with it.</summary>
    public static string? RepoIdProblem(string? repoId)
    {
        if (string.IsNullOrWhiteSpace(repoId))
        {
            return "The repository id is empty: give it as owner/name, for example stabilityai/stable-diffusion-2-1-base.";
        }

        var parts = repoId.Split('/');
        if (parts.Length != 2)
        {
            return $"'{repoId}' is not a repository id: give it as owner/name, with exactly one '/'.";
        }

        foreach (var part in parts)
        {
            if (NameProblem(part) is { } problem)
            {
                return $"'{repoId}' is not a valid repository id: {problem}";
            }
        }

        return null;
    }

    /// <summary>Null when <paramref name="revision"/> is a usable branch, tag or commit, else what is wrong with it.</summary>
    public static string? RevisionProblem(string? revision)
    {
        if (string.IsNullOrWhiteSpace(revision))
        {
            return "The revision is empty: give a branch (main), a tag or a commit id.";
        }

        if (revision.Length > MaxRevisionLength)
        {
            return $"The revision is longer than {MaxRevisionLength} characters.";
        }

        if (revision.Any(char.IsControl) || revision.AsSpan().ContainsAny(s_forbiddenInRevision))
        {
            return $"The revision '{revision}' contains a space, control character or one of ~^:?*[\\, which git does not allow in a branch or tag.";
        }

        if (revision.StartsWith('/') || revision.EndsWith('/') || revision.EndsWith('.') || revision.StartsWith('-')
            || revision.Contains("..", StringComparison.Ordinal) || revision.Contains("//", StringComparison.Ordinal)
            || revision.Contains("@{", StringComparison.Ordinal) || revision.EndsWith(".lock", StringComparison.Ordinal)
            || revision.Split('/').Any(segment => segment.StartsWith('.')))
        {
            return $"The revision '{revision}' is not a valid git branch, tag or commit name.";
        }

        return null;
    }

    /// <summary>Null when <paramref name="variant"/> is absent or a plain word such as <c>fp16</c>, else what is wrong with it.</summary>
    public static string? VariantProblem(string? variant)
    {
        if (variant is null)
        {
            return null;
        }

        return variant.Length is > 0 and <= 32 && !variant.AsSpan().ContainsAnyExcept(s_variantCharacters)
            ? null
            : $"The variant '{variant}' is not a weights variant name such as fp16 (letters, digits and '_' only).";
    }

    /// <summary>Null when <paramref name="token"/> is absent or could be sent in a header; the message never repeats the token.</summary>
    public static string? TokenProblem(string? token)
    {
        if (token is null)
        {
            return null;
        }

        if (token.Length == 0 || token.Any(c => c <= ' ' || c > '~'))
        {
            return "The access token is empty or contains spaces, line breaks or non-ASCII characters: paste it again from the hub's token settings.";
        }

        return null;
    }

    private static string? NameProblem(string name)
    {
        if (name.Length == 0)
        {
            return "the owner and the name must both be given.";
        }

        if (name.Length > MaxNameLength)
        {
            return $"'{name}' is longer than {MaxNameLength} characters.";
        }

        if (name.AsSpan().ContainsAnyExcept(s_nameCharacters))
        {
            return $"'{name}' may hold only letters, digits, '-', '_' and '.'.";
        }

        if (name.StartsWith('-') || name.StartsWith('.') || name.EndsWith('-') || name.EndsWith('.'))
        {
            return $"'{name}' must not start or end with '-' or '.'.";
        }

        if (name.Contains("--", StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal))
        {
            return $"'{name}' must not contain '--' or '..'.";
        }

        return null;
    }
}
