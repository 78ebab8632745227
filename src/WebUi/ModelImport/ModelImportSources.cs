using Engine.Models;

namespace WebUi.ModelImport;

/// <summary>
/// The import sources under the models folder: diffusers pipeline folders and single-file checkpoints
/// (<c>.safetensors</c>, <c>.ckpt</c>). The page offers only these, and a picked path is looked up in this list again,
/// so no typed path ever reaches the importer. Hidden folders (<c>.downloads</c>, an import's staging folder), installed
/// ONNX models and the inside of a pipeline folder are not listed; links are followed only when they stay inside.
/// </summary>
public static class ModelImportSources
{
    /// <summary>How deep below the models folder sources are looked for.</summary>
    public const int MaxDepth = 4;

    /// <summary>Most sources listed.</summary>
    public const int MaxSources = 500;

    private static readonly string[] s_checkpointExtensions = [".safetensors", ".ckpt"];

    /// <summary>The sources under <paramref name="modelsRoot"/>, sorted by path; empty when the folder does not exist.</summary>
    public static IReadOnlyList<ModelImportSource> List(string modelsRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelsRoot);
        var root = Path.GetFullPath(modelsRoot);
        if (!Directory.Exists(root))
        {
            return [];
        }

        var sources = new List<ModelImportSource>();
        Walk(root, RealPath(root), root, 0, sources);
        return [.. sources.OrderBy(s => s.RelativePath, StringComparer.Ordinal)];
    }

    /// <summary>The listed source at <paramref name="relativePath"/>, or null when there is none (whatever the path says).</summary>
    public static ModelImportSource? Find(string modelsRoot, string? relativePath) =>
        string.IsNullOrEmpty(relativePath)
            ? null
            : List(modelsRoot).FirstOrDefault(s => string.Equals(s.RelativePath, relativePath, StringComparison.Ordinal));

    /// <summary>
    /// The source at <paramref name="path"/> for the command line: relative paths are below the models folder, absolute
    /// ones are taken as they are (the output still goes into the models folder).
    /// </summary>
    public static ModelImportSource? Inspect(string modelsRoot, string path, out InputProblem? problem)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelsRoot);
        ArgumentNullException.ThrowIfNull(path);
        var root = Path.GetFullPath(modelsRoot);
        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(root, path));
        var relative = IsWithin(root, full) ? Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/') : full;
        problem = null;
        if (Directory.Exists(full))
        {
            if (IsPipelineFolder(full))
            {
                return new ModelImportSource(relative, full, ModelImportSourceKind.DiffusersFolder, FolderSize(full));
            }

            problem = new InputProblem("'{0}' is not a diffusers pipeline folder (model_index.json with text_encoder/, unet/ and vae/).", full);
            return null;
        }

        if (File.Exists(full))
        {
            if (IsCheckpoint(full))
            {
                return new ModelImportSource(relative, full, ModelImportSourceKind.Checkpoint, new FileInfo(full).Length);
            }

            problem = new InputProblem("'{0}' is not a .safetensors or .ckpt checkpoint.", full);
            return null;
        }

        problem = new InputProblem("'{0}' does not exist.", full);
        return null;
    }

    /// <summary>True when <paramref name="folder"/> holds a diffusers pipeline to import.</summary>
    public static bool IsPipelineFolder(string folder) =>
        File.Exists(Path.Combine(folder, ModelIndex.FileName))
        && Directory.Exists(Path.Combine(folder, "text_encoder"))
        && Directory.Exists(Path.Combine(folder, "unet"))
        && Directory.Exists(Path.Combine(folder, "vae"))
        && ModelFolderLayout.IsDiffusersLayout(folder);

    /// <summary>Bytes of every file below <paramref name="folder"/>; 0 when it cannot be read.</summary>
    public static long FolderSize(string folder)
    {
        try
        {
            return new DirectoryInfo(folder)
                .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint })
                .Sum(f => f.Length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static void Walk(string root, string realRoot, string folder, int depth, List<ModelImportSource> sources)
    {
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = [.. new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var entry in entries)
        {
            if (sources.Count >= MaxSources)
            {
                return;
            }

            if (entry.Name.StartsWith('.') || !StaysWithin(realRoot, entry))
            {
                continue;
            }

            var relative = Path.GetRelativePath(root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (entry is DirectoryInfo directory)
            {
                if (IsPipelineFolder(directory.FullName) && ContentsStayWithin(realRoot, directory.FullName))
                {
                    sources.Add(new ModelImportSource(relative, directory.FullName, ModelImportSourceKind.DiffusersFolder, FolderSize(directory.FullName)));
                }
                else if (!File.Exists(Path.Combine(directory.FullName, ModelIndex.FileName)) && depth + 1 < MaxDepth)
                {
                    // A folder with model_index.json that is not a pipeline is an installed (or broken) model: not a source.
                    Walk(root, realRoot, directory.FullName, depth + 1, sources);
                }
            }
            else if (entry is FileInfo file && IsCheckpoint(file.FullName))
            {
                sources.Add(new ModelImportSource(relative, file.FullName, ModelImportSourceKind.Checkpoint, file.Length));
            }
        }
    }

    private static bool IsCheckpoint(string path) =>
        s_checkpointExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    // A pipeline folder whose unet/, weights or tokenizer is a link out of the models folder is not offered: the importer
    // would read outside it.
    private static bool ContentsStayWithin(string realRoot, string folder)
    {
        try
        {
            return new DirectoryInfo(folder)
                .EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
                .All(entry => StaysWithin(realRoot, entry));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool StaysWithin(string realRoot, FileSystemInfo entry)
    {
        if (entry.LinkTarget is null)
        {
            return true;
        }

        try
        {
            var target = entry.ResolveLinkTarget(returnFinalTarget: true);
            return target is { Exists: true } && IsWithin(realRoot, RealPath(target.FullName));
        }
        catch (IOException)
        {
            return false;
        }
    }

    // The models folder itself may be reached through links (say, a symlinked disk); its real path is what links are checked against.
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var parent = Path.GetDirectoryName(full);
        var real = parent is null ? full : Path.Combine(RealPath(parent), Path.GetFileName(full));
        var info = Directory.Exists(real) ? (FileSystemInfo)new DirectoryInfo(real) : new FileInfo(real);
        return info.LinkTarget is null ? real : Path.GetFullPath(info.ResolveLinkTarget(returnFinalTarget: true)!.FullName);
    }

    private static bool IsWithin(string root, string path)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var trimmed = Path.TrimEndingDirectorySeparator(root);
        return path.StartsWith(trimmed, comparison) && path.Length > trimmed.Length && path[trimmed.Length] == Path.DirectorySeparatorChar;
    }
}
