namespace Engine.Weights;

/// <summary>
/// A weight file (safetensors, PyTorch zip archive, shard index) that cannot be read safely. The message names the file
/// and says what is wrong with it, for the person who downloaded it; nothing from the file was executed.
/// </summary>
public sealed class WeightFileException : Exception
{
    /// <summary>Creates the exception; the message is prefixed with the file's name.</summary>
    public WeightFileException(string filePath, string problem)
        : base(Format(filePath, problem))
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>Creates the exception wrapping a lower-level failure (an I/O or JSON error).</summary>
    public WeightFileException(string filePath, string problem, Exception innerException)
        : base(Format(filePath, problem), innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file at fault, as it was given to the reader.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }

    private static string Format(string filePath, string problem) => $"'{filePath}': {problem}";
}
