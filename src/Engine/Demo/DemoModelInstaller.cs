namespace Engine.Demo;

/// <summary>
/// Puts the demo model into a models folder when no real model is installed, the way A1111 fetches a default checkpoint
/// into an empty models folder. The write is atomic (a temporary sibling folder renamed into place), and an existing demo
/// folder is rewritten only when this build generates different bytes.
/// </summary>
public static class DemoModelInstaller
{
    /// <summary>Folder name of the demo model under the models root.</summary>
    public const string FolderName = "demo";

    /// <summary>Ensures <c>&lt;modelsRoot&gt;/demo</c> holds the current demo model; returns its path.</summary>
    /// <exception cref="IOException">The folder cannot be written (read-only models folder, disk full...).</exception>
    /// <exception cref="UnauthorizedAccessException">The models folder is not writable.</exception>
    public static string EnsureInstalled(string modelsRoot, DemoModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelsRoot);
        options ??= new DemoModelOptions();
        Directory.CreateDirectory(modelsRoot);
        var target = Path.Combine(Path.GetFullPath(modelsRoot), FolderName);
        var staging = Path.Combine(Path.GetFullPath(modelsRoot), $".{FolderName}-{Guid.NewGuid():N}.tmp");
        try
        {
            DemoModelWriter.Write(staging, options);
            if (Directory.Exists(target) && SameFiles(staging, target))
            {
                return target;
            }

            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(staging, target);
            return target;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static bool SameFiles(string expectedRoot, string actualRoot)
    {
        foreach (var expected in Directory.EnumerateFiles(expectedRoot, "*", SearchOption.AllDirectories))
        {
            var actual = Path.Combine(actualRoot, Path.GetRelativePath(expectedRoot, expected));
            if (!File.Exists(actual) || !File.ReadAllBytes(expected).AsSpan().SequenceEqual(File.ReadAllBytes(actual)))
            {
                return false;
            }
        }

        return true;
    }
}
