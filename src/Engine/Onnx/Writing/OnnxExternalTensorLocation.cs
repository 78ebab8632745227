namespace Engine.Onnx.Writing;

/// <summary>Where one initializer's bytes sit in an external data file.</summary>
/// <param name="Location">Data file path relative to the model file's folder.</param>
/// <param name="Offset">Byte offset of the tensor in the file.</param>
/// <param name="Length">Byte length of the tensor.</param>
public sealed record OnnxExternalTensorLocation(string Location, long Offset, long Length);
