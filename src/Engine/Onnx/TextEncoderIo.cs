using Engine.Models;

namespace Engine.Onnx;

/// <summary>How to call a text encoder graph: <c>input_ids</c> [batch, sequence] → <c>last_hidden_state</c> [batch, sequence, hidden].</summary>
/// <param name="InputIdsType">Int64 (optimum) or Int32 (some other exporters).</param>
/// <param name="SequenceLength">Fixed token count, or null when the sequence axis is free.</param>
/// <param name="HiddenSize">Fixed width of <c>last_hidden_state</c>, or null when not declared.</param>
/// <param name="HiddenStateType">Element type of <c>last_hidden_state</c>.</param>
public sealed record TextEncoderIo(OnnxElementType InputIdsType, long? SequenceLength, long? HiddenSize, OnnxElementType HiddenStateType)
{
    /// <summary>Input name.</summary>
    public const string InputIdsName = "input_ids";

    /// <summary>Output name.</summary>
    public const string LastHiddenStateName = "last_hidden_state";

    /// <summary>Reads the IO contract from a signature, adding a problem for each deviation; null when unusable.</summary>
    public static TextEncoderIo? Classify(OnnxModelSignature signature, string file, ICollection<ModelProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var before = problems.Count;
        var ids = SignatureRules.Require(signature.Inputs, "input", InputIdsName, file, problems, [OnnxElementType.Int64, OnnxElementType.Int32], 2);
        var hidden = SignatureRules.Require(signature.Outputs, "output", LastHiddenStateName, file, problems,
            [OnnxElementType.Float32, OnnxElementType.Float16], 3);
        SignatureRules.RejectExtraInputs(signature, file, problems, InputIdsName, "attention_mask");
        if (ids is null || hidden is null || problems.Count > before)
        {
            return null;
        }

        return new TextEncoderIo(ids.ElementType, ids.FixedSize(1), hidden.FixedSize(2), hidden.ElementType);
    }
}
