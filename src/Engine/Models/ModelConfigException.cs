namespace Engine.Models;

/// <summary>
/// A model file (JSON config or ONNX graph) that cannot be used, with the file (relative to the model folder) and,
/// where there is one, the offending key. The message is written for the person who owns the model folder.
/// </summary>
public sealed class ModelConfigException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> should already name the file.</summary>
    public ModelConfigException(string fileName, string? key, string message)
        : base(message)
    {
        FileName = fileName;
        Key = key;
    }

    /// <summary>Creates the exception wrapping a lower-level failure (kept for diagnostics, not shown to users).</summary>
    public ModelConfigException(string fileName, string? key, string message, Exception innerException)
        : base(message, innerException)
    {
        FileName = fileName;
        Key = key;
    }

    /// <summary>File that holds the problem, relative to the model folder (e.g. <c>unet/config.json</c>).</summary>
    public string FileName { get; }

    /// <summary>The JSON key at fault, or null when the problem is not tied to one key.</summary>
    public string? Key { get; }
}
