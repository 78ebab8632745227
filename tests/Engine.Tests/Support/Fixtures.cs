namespace Engine.Tests.Support;

/// <summary>
/// Locates the read-only conformance fixtures at <c>../shared/fixtures</c> (relative to the repository root).
/// In CI a missing folder is a failure; elsewhere the test is skipped with the same message.
/// </summary>
public static class Fixtures
{
    private static readonly Lazy<string?> s_root = new(FindRoot);

    /// <summary>Repository root: the folder that holds WebUi.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The fixtures folder, or null when it cannot be found.</summary>
    public static string? RootOrNull => s_root.Value;

    /// <summary>Returns the fixtures folder, skipping (or failing in CI) when it is missing.</summary>
    public static string Require()
    {
        var root = s_root.Value;
        if (root is not null)
        {
            return root;
        }

        var message = $"Conformance fixtures not found: expected '{Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "fixtures"))}' " +
                      "(or set SD_FIXTURES_DIR). They are read-only reference data kept outside the repository.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(message);
        }

        throw new SkipException(message);
    }

    /// <summary>Path of a file or folder inside the fixtures.</summary>
    public static string Path_(params string[] parts) => Path.Combine([Require(), .. parts]);

    private static string? FindRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("SD_FIXTURES_DIR");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }

        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "fixtures"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WebUi.sln")))
            {
                return dir.FullName;
            }

            dir = dir.Parent;
        }

        throw new InvalidOperationException($"Cannot find WebUi.sln above '{AppContext.BaseDirectory}'.");
    }
}
