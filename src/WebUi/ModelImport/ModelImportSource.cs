namespace WebUi.ModelImport;

/// <summary>Something under the models folder (or, from the command line, anywhere) that can be imported.</summary>
/// <param name="RelativePath">The path below the models folder with '/' separators, as listed and picked; for a source
/// outside the models folder (command line only), the full path.</param>
/// <param name="FullPath">The absolute path.</param>
/// <param name="Kind">A diffusers folder or a single-file checkpoint.</param>
/// <param name="SizeBytes">Bytes on disk (all files of a folder).</param>
public sealed record ModelImportSource(string RelativePath, string FullPath, ModelImportSourceKind Kind, long SizeBytes)
{
    /// <summary>A name for the imported model drawn from the source's own name (checkpoint file name without extension).</summary>
    public string SuggestedName => ModelImportName.Suggest(
        Kind == ModelImportSourceKind.Checkpoint ? Path.GetFileNameWithoutExtension(FullPath) : Path.GetFileName(FullPath));

    /// <summary>True for a single-file checkpoint, which takes the family, prediction and size overrides.</summary>
    public bool IsCheckpoint => Kind == ModelImportSourceKind.Checkpoint;
}
