using Engine.Models;

namespace Engine.Hub;

/// <summary>
/// Turns a path from the hub's listing into a local path, refusing any that could leave the target folder: absolute
/// paths, <c>..</c> or <c>.</c> segments, backslashes, drive letters or stream names (<c>:</c>), control characters,
/// empty segments, and local symbolic links that lead outside.
/// </summary>
internal static class HubRepoPaths
{
    private const int MaxPathLength = 1024;

    /// <summary>Null when <paramref name="repoPath"/> is a plain relative '/'-separated path, else what is wrong with it.</summary>
    public static string? Problem(string repoPath)
    {
        if (repoPath.Length is 0 or > MaxPathLength)
        {
            return "it is empty or too long";
        }

        if (repoPath.Any(c => char.IsControl(c) || c is '\\' or ':'))
        {
            return "it contains a backslash, ':' or a control character";
        }

        if (repoPath.StartsWith('/'))
        {
            return "it is absolute";
        }

        if (repoPath.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            return "it has an empty, '.' or '..' segment";
        }

        return null;
    }

    /// <summary>The local path of <paramref name="repoPath"/> under <paramref name="realTarget"/> (a real, full path).</summary>
    /// <exception cref="HubDownloadException">The path is unsafe.</exception>
    public static string ToLocal(string repoId, string realTarget, string repoPath)
    {
        var problem = Problem(repoPath);
        var local = problem is null ? Path.GetFullPath(Path.Combine(realTarget, repoPath.Replace('/', Path.DirectorySeparatorChar))) : null;
        if (local is null || !PathGuard.IsWithin(realTarget, local) || !PathGuard.ResolvesWithin(realTarget, local))
        {
            throw new HubDownloadException(
                HubDownloadFailure.InvalidListing,
                $"The hub listed a file '{Printable(repoPath)}' in '{repoId}' whose path would leave the target folder ({problem ?? "it leads outside through a link"}); nothing was downloaded. " +
                "Check that the endpoint is a trustworthy Hugging Face hub or mirror.");
        }

        return local;
    }

    private static string Printable(string path) =>
        new([.. path.Take(200).Select(c => char.IsControl(c) ? '?' : c)]);
}
