using Engine.Models;

namespace Engine.Onnx;

/// <summary>How to call a VAE encoder graph: <c>sample</c> [batch, 3, H, W] in [-1, 1] → latent parameters or a latent sample.</summary>
/// <param name="ImageType">Element type of the image input.</param>
/// <param name="OutputKind">Which output the exporter wrote.</param>
/// <param name="OutputName">Its name (<c>latent_parameters</c> or <c>latent_sample</c>).</param>
/// <param name="OutputChannels">Fixed channel count of the output (2 × latent channels for parameters), or null.</param>
public sealed record VaeEncoderIo(OnnxElementType ImageType, VaeEncoderOutputKind OutputKind, string OutputName, long? OutputChannels)
{
    /// <summary>Input name.</summary>
    public const string SampleName = "sample";

    /// <summary>Output name of mean + log-variance exports.</summary>
    public const string LatentParametersName = "latent_parameters";

    /// <summary>Output name of exports that sample inside the graph.</summary>
    public const string LatentSampleName = "latent_sample";

    /// <summary>Latent channels implied by the output, or null when the channel axis is free.</summary>
    public long? LatentChannels => OutputKind == VaeEncoderOutputKind.LatentParameters ? OutputChannels / 2 : OutputChannels;

    /// <summary>Reads the IO contract from a signature, adding a problem for each deviation; null when unusable.</summary>
    public static VaeEncoderIo? Classify(OnnxModelSignature signature, string file, ICollection<ModelProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(signature);
        OnnxElementType[] floats = [OnnxElementType.Float32, OnnxElementType.Float16];
        var before = problems.Count;
        var image = SignatureRules.Require(signature.Inputs, "input", SampleName, file, problems, floats, 4);
        var kind = signature.Output(LatentParametersName) is not null ? VaeEncoderOutputKind.LatentParameters : VaeEncoderOutputKind.LatentSample;
        var name = kind == VaeEncoderOutputKind.LatentParameters ? LatentParametersName : LatentSampleName;
        var output = SignatureRules.Require(signature.Outputs, "output", name, file, problems, floats, 4);
        SignatureRules.RejectExtraInputs(signature, file, problems, SampleName);
        if (image is null || output is null || problems.Count > before)
        {
            return null;
        }

        return new VaeEncoderIo(image.ElementType, kind, name, output.FixedSize(1));
    }
}
