using Engine.Models;

namespace Engine.Onnx;

/// <summary>
/// How to call a U-Net graph: <c>sample</c> [batch, C, h, w], <c>timestep</c>, <c>encoder_hidden_states</c>
/// [batch, sequence, dim] → <c>out_sample</c>. Exporters differ in the timestep (float or int64, scalar or [batch]) and
/// in fp16 vs fp32 IO.
/// </summary>
/// <param name="SampleType">Float32, or Float16 for fp16 graphs with fp16 IO.</param>
/// <param name="TimestepType">Float32, Float16 or Int64.</param>
/// <param name="TimestepIsScalar">True for a rank-0 timestep (optimum), false for a [batch] vector.</param>
/// <param name="EncoderHiddenStatesType">Element type the text embeddings must be given in.</param>
/// <param name="InChannels">Fixed channel count of <c>sample</c>, or null when free.</param>
/// <param name="OutChannels">Fixed channel count of <c>out_sample</c>, or null when free.</param>
/// <param name="CrossAttentionDim">Fixed last axis of <c>encoder_hidden_states</c>, or null when free.</param>
public sealed record UNetIo(
    OnnxElementType SampleType,
    OnnxElementType TimestepType,
    bool TimestepIsScalar,
    OnnxElementType EncoderHiddenStatesType,
    long? InChannels,
    long? OutChannels,
    long? CrossAttentionDim)
{
    /// <summary>Latent input name.</summary>
    public const string SampleName = "sample";

    /// <summary>Timestep input name.</summary>
    public const string TimestepName = "timestep";

    /// <summary>Text embedding input name.</summary>
    public const string EncoderHiddenStatesName = "encoder_hidden_states";

    /// <summary>Output name.</summary>
    public const string OutSampleName = "out_sample";

    /// <summary>True when the timestep is an integer tensor: fractional timesteps (k-diffusion samplers) get rounded.</summary>
    public bool TimestepIsInteger => TimestepType == OnnxElementType.Int64;

    /// <summary>Reads the IO contract from a signature, adding a problem for each deviation; null when unusable.</summary>
    public static UNetIo? Classify(OnnxModelSignature signature, string file, ICollection<ModelProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(signature);
        OnnxElementType[] floats = [OnnxElementType.Float32, OnnxElementType.Float16];
        var before = problems.Count;
        var sample = SignatureRules.Require(signature.Inputs, "input", SampleName, file, problems, floats, 4);
        var timestep = SignatureRules.Require(signature.Inputs, "input", TimestepName, file, problems,
            [OnnxElementType.Float32, OnnxElementType.Float16, OnnxElementType.Int64], 0, 1);
        var hidden = SignatureRules.Require(signature.Inputs, "input", EncoderHiddenStatesName, file, problems, floats, 3);
        var output = SignatureRules.Require(signature.Outputs, "output", OutSampleName, file, problems, floats, 4);
        SignatureRules.RejectExtraInputs(signature, file, problems, SampleName, TimestepName, EncoderHiddenStatesName);
        if (sample is null || timestep is null || hidden is null || output is null || problems.Count > before)
        {
            return null;
        }

        return new UNetIo(sample.ElementType, timestep.ElementType, timestep.IsScalar, hidden.ElementType,
            sample.FixedSize(1), output.FixedSize(1), hidden.FixedSize(2));
    }
}
