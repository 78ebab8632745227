namespace WebUi.ModelImport;

/// <summary>Where an import is.</summary>
public enum ModelImportState
{
    /// <summary>Fetching the repository's files (downloads only).</summary>
    Downloading,

    /// <summary>Converting to ONNX.</summary>
    Importing,

    /// <summary>The model is installed and listed.</summary>
    Succeeded,

    /// <summary>Stopped by an error; nothing of the new model is left.</summary>
    Failed,

    /// <summary>Stopped by Cancel; nothing of the new model is left (a download's files are kept to resume).</summary>
    Cancelled,
}
