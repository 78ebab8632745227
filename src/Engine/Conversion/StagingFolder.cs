using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Engine.Conversion;

/// <summary>
/// The hidden folder beside a conversion's target that output is written into, renamed to the target only when
/// complete, so a target either does not exist or is whole.
/// </summary>
internal static partial class StagingFolder
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
        // The process id lets a later start tell the folder of a killed conversion from one still being written.
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.converting-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        return staging;
    }

    /// <summary>
    /// Creates a staging folder beside <paramref name="target"/>, has <paramref name="write"/> fill it, and renames it to
    /// the target, reporting the whole import done; on failure or cancellation the staging folder is deleted.
    /// </summary>
    /// <param name="target">The checked target (<see cref="CheckTarget"/>).</param>
    /// <param name="write">Writes the output into the staging folder it is given.</param>
    /// <param name="progress">Receives the final "done" report.</param>
    /// <param name="cancellationToken">Checked once more before the rename.</param>
    public static void WriteThenRename(
        string target, Action<string> write, IProgress<ModelImportProgress>? progress, CancellationToken cancellationToken)
    {
        var temporary = Create(target);
        try
        {
            write(temporary);
            cancellationToken.ThrowIfCancellationRequested();
            Directory.Move(temporary, target);
            progress?.Report(new ModelImportProgress("model", "done", 1));
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Deletes the staging folders directly under <paramref name="parent"/> whose conversion process is gone (killed, or
    /// the machine lost power), and returns how many; those of running processes, this one included, are kept.
    /// </summary>
    public static int DeleteLeftovers(string parent)
    {
        if (!Directory.Exists(parent))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var folder in Directory.EnumerateDirectories(parent, ".*"))
        {
            var match = StagingName().Match(Path.GetFileName(folder));
            if (match.Success
                && int.TryParse(match.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && !IsRunning(pid))
            {
                TryDelete(folder);
                deleted += Directory.Exists(folder) ? 0 : 1;
            }
        }

        return deleted;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\..+\.converting-(?<pid>[0-9]{1,10})-[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex StagingName();

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
