namespace Engine.Onnx;

/// <summary>An initializer whose bytes live in a separate file (ONNX external data, used for models over 2 GB).</summary>
/// <param name="TensorName">The initializer.</param>
/// <param name="Location">The <c>location</c> entry as written in the graph: untrusted, relative to the model file.</param>
/// <param name="Offset">Byte offset in that file.</param>
/// <param name="Length">Byte count, or null when the graph leaves it to the tensor's shape.</param>
public sealed record OnnxExternalDataReference(string TensorName, string Location, long Offset, long? Length);
