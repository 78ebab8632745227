namespace Engine.Onnx.Writing;

/// <summary>
/// Where large initializers go when a model is saved with external data (needed above protobuf's 2 GB limit).
/// </summary>
public sealed record OnnxExternalDataOptions
{
    /// <summary>File name of the data file, relative to the model file's folder.</summary>
    public string Location { get; init; } = "model.onnx_data";

    /// <summary>Initializers with at least this many bytes go to the data file; smaller ones stay inline.</summary>
    public long SizeThreshold { get; init; } = 1024;

    /// <summary>Each tensor starts at a multiple of this many bytes, so runtimes can memory-map it.</summary>
    public int Alignment { get; init; } = 4096;
}
