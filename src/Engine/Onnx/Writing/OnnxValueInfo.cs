namespace Engine.Onnx.Writing;

/// <summary>A typed graph input or output.</summary>
/// <param name="Name">Value name.</param>
/// <param name="ElementType">Tensor element type.</param>
/// <param name="Dims">Shape; empty for a scalar.</param>
public sealed record OnnxValueInfo(string Name, OnnxElementType ElementType, IReadOnlyList<OnnxDim> Dims);
