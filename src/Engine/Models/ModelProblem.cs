namespace Engine.Models;

/// <summary>Why a model folder cannot be used (or what it cannot do), tied to the file at fault.</summary>
/// <param name="File">Path relative to the model folder, with '/' separators (e.g. <c>unet/model.onnx</c>).</param>
/// <param name="Message">A complete sentence for the user that starts with the file name.</param>
public sealed record ModelProblem(string File, string Message)
{
    /// <inheritdoc cref="Message"/>
    public override string ToString() => Message;
}
