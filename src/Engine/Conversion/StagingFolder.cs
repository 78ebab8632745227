namespace Engine.Conversion;

/// <summary>
/// The hidden folder beside a conversion's target that output is written into, renamed to the target only when
/// complete, so a target either does not exist or is whole.
/// </summary>
internal static class StagingFolder
{
    /// <summary>The full target path, refused when something exists there already.</summary>
    public static string CheckTarget(string targetDir)
    {
        var target = Path.GetFullPath(targetDir.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        if (Directory.Exists(target) || File.Exists(target))
        {
            throw new IOException($"The target '{target}' already exists; conversion never overwrites.");
        }

        return target;
    }

    /// <summary>Creates an empty hidden folder beside <paramref name="target"/> (its parent created if need be).</summary>
    public static string Create(string target)
    {
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.converting-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        return staging;
    }

    /// <summary>Deletes <paramref name="folder"/> if it exists, best effort.</summary>
    public static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: the original exception matters more than a leftover staging folder.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
