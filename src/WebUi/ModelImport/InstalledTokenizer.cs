using Engine.Models;

namespace WebUi.ModelImport;

/// <summary>
/// A CLIP tokenizer for a single-file checkpoint, which carries none: the <c>tokenizer/</c> folder of an installed
/// model. SD 1.x and 2.x use the same CLIP byte-pair vocabulary (the importer writes the family's own special-token
/// files), so any real model's will do; the demo model's toy vocabulary never is.
/// </summary>
public static class InstalledTokenizer
{
    private static readonly string[] s_files = ["vocab.json", "merges.txt"];

    /// <summary>
    /// The tokenizer folder to use for <paramref name="checkpointPath"/>: null when the checkpoint has a
    /// <c>tokenizer/</c> folder beside it (the importer takes that one), else the first ready, non-demo model's.
    /// </summary>
    public static string? For(string checkpointPath, IEnumerable<ModelDescriptor> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!, "tokenizer");
        if (HasFiles(beside))
        {
            return null;
        }

        return models
            .Where(m => m.IsReady && !m.IsDemo)
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .Select(m => Path.Combine(m.Path, "tokenizer"))
            .FirstOrDefault(HasFiles);
    }

    private static bool HasFiles(string folder) => s_files.All(name => File.Exists(Path.Combine(folder, name)));
}
