using Engine.Models;

namespace Engine.Onnx;

/// <summary>How to call a VAE decoder graph: <c>latent_sample</c> [batch, C, h, w] → <c>sample</c> [batch, 3, 8h, 8w].</summary>
/// <param name="LatentType">Element type of the latent input.</param>
/// <param name="LatentChannels">Fixed latent channel count, or null when free.</param>
/// <param name="ImageChannels">Fixed image channel count, or null when free.</param>
public sealed record VaeDecoderIo(OnnxElementType LatentType, long? LatentChannels, long? ImageChannels)
{
    /// <summary>Input name.</summary>
    public const string LatentSampleName = "latent_sample";

    /// <summary>Output name.</summary>
    public const string SampleName = "sample";

    /// <summary>Reads the IO contract from a signature, adding a problem for each deviation; null when unusable.</summary>
    public static VaeDecoderIo? Classify(OnnxModelSignature signature, string file, ICollection<ModelProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(signature);
        OnnxElementType[] floats = [OnnxElementType.Float32, OnnxElementType.Float16];
        var before = problems.Count;
        var latent = SignatureRules.Require(signature.Inputs, "input", LatentSampleName, file, problems, floats, 4);
        var image = SignatureRules.Require(signature.Outputs, "output", SampleName, file, problems, floats, 4);
        SignatureRules.RejectExtraInputs(signature, file, problems, LatentSampleName);
        if (latent is null || image is null || problems.Count > before)
        {
            return null;
        }

        return new VaeDecoderIo(latent.ElementType, latent.FixedSize(1), image.FixedSize(1));
    }
}
