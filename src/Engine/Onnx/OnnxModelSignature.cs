namespace Engine.Onnx;

/// <summary>What an ONNX graph takes and returns, plus the facts about the file that loading depends on.</summary>
public sealed record OnnxModelSignature
{
    /// <summary>Graph inputs that must be fed (initializers listed as inputs by old exporters are left out).</summary>
    public required IReadOnlyList<OnnxTensorInfo> Inputs { get; init; }

    /// <summary>Graph outputs.</summary>
    public required IReadOnlyList<OnnxTensorInfo> Outputs { get; init; }

    /// <summary>ONNX IR version of the file.</summary>
    public long IrVersion { get; init; }

    /// <summary>Opset of the default (ai.onnx) domain, or 0 when not declared.</summary>
    public long Opset { get; init; }

    /// <summary>Initializers stored outside the model file, as the graph declares them (untrusted locations).</summary>
    public IReadOnlyList<OnnxExternalDataReference> ExternalData { get; init; } = [];

    /// <summary>Files next to the model that hold its weights (external data), relative to the model's folder.</summary>
    public IReadOnlyList<string> ExternalDataFiles { get; init; } = [];

    /// <summary>The input called <paramref name="name"/>, or null.</summary>
    public OnnxTensorInfo? Input(string name) => Inputs.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.Ordinal));

    /// <summary>The output called <paramref name="name"/>, or null.</summary>
    public OnnxTensorInfo? Output(string name) => Outputs.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal));
}
