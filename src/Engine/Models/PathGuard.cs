namespace Engine.Models;

/// <summary>
/// Resolves symbolic links component by component and checks that a path stays inside a root. Used for every file
/// the engine opens in a model folder, because <see cref="Path.GetFullPath(string)"/> does not follow links.
/// </summary>
internal static class PathGuard
{
    private const int MaxLinkDepth = 40;

    private static readonly StringComparison s_comparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The path with every symbolic link along it resolved (the path need not exist).</summary>
    /// <exception cref="IOException">A link loop.</exception>
    public static string RealPath(string path) => RealPath(path, 0);

    /// <summary>True when <paramref name="realPath"/> is <paramref name="realRoot"/> or lies below it; both must be real paths.</summary>
    public static bool IsWithin(string realRoot, string realPath)
    {
        var root = Path.TrimEndingDirectorySeparator(realRoot);
        return string.Equals(realPath, root, s_comparison)
            || (realPath.StartsWith(root, s_comparison) && realPath.Length > root.Length && realPath[root.Length] == Path.DirectorySeparatorChar);
    }

    /// <summary>True when the real location of <paramref name="path"/> lies inside <paramref name="realRoot"/>.</summary>
    public static bool ResolvesWithin(string realRoot, string path)
    {
        try
        {
            return IsWithin(realRoot, RealPath(path));
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string RealPath(string path, int depth)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? string.Empty;
        var current = root;
        foreach (var segment in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, segment);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                if (depth >= MaxLinkDepth)
                {
                    throw new IOException($"Too many levels of symbolic links at '{next}'.");
                }

                next = RealPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target), depth + 1);
            }

            current = next;
        }

        return current;
    }
}
