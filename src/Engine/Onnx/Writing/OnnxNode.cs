namespace Engine.Onnx.Writing;

/// <summary>One operator call in a graph.</summary>
/// <param name="OpType">Operator name, e.g. <c>MatMul</c>.</param>
/// <param name="Inputs">Input value names; an empty string marks an omitted optional input.</param>
/// <param name="Outputs">Output value names.</param>
/// <param name="Name">Node name (unique within the graph).</param>
/// <param name="Attributes">Attributes.</param>
/// <param name="Domain">Operator domain; empty for ai.onnx.</param>
public sealed record OnnxNode(
    string OpType,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    string Name,
    IReadOnlyList<OnnxAttribute> Attributes,
    string Domain = "");
