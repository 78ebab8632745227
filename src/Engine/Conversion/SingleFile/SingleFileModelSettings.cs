using Engine.Models;

namespace Engine.Conversion.SingleFile;

/// <summary>
/// The family, prediction type and native image size of a single-file checkpoint: the options where given, else
/// what the tensors say (the family) and the family's defaults (the rest).
/// </summary>
/// <remarks>
/// The family follows the text encoder's layout (transformers CLIP: SD 1.x, OpenCLIP: SD 2.x), checked against the
/// U-Net's context width where that is one of the two real widths (768, 1024). Prediction type and image size cannot
/// be read from shapes: SD 1.x is epsilon at 512; for SD 2.x the converted U-Net is probed as AUTOMATIC1111 does
/// (<see cref="VPredictionProbe"/>, see docs/decisions/0008-sd2-v-prediction-probe.md). The two go together in SD 2 (base: epsilon 512,
/// 768-v: v-prediction 768), so giving one option implies the other, and the probe decides both.
/// </remarks>
/// <param name="Family">SD 1.x or 2.x.</param>
/// <param name="PredictionType">What the U-Net predicts (provisional while <paramref name="ProbePrediction"/>).</param>
/// <param name="ImageSize">The native image size.</param>
/// <param name="ProbePrediction">
/// SD 2 without either option: the prediction type (and with it the size) is decided by <see cref="VPredictionProbe"/>
/// on the converted U-Net, as AUTOMATIC1111 decides between its v2-inference and v2-inference-v configs.
/// </param>
internal sealed record SingleFileModelSettings(ModelFamily Family, PredictionType PredictionType, int ImageSize, bool ProbePrediction = false)
{
    private const int Sd1ContextWidth = 768;
    private const int Sd2ContextWidth = 1024;

    public static SingleFileModelSettings Resolve(LdmArchitecture architecture, ModelImportOptions options, string path)
    {
        if (architecture.TextWidth != architecture.CrossAttentionDim)
        {
            throw new ModelConversionException(
                $"'{path}': the text encoder is {architecture.TextWidth} wide but the U-Net's cross-attention takes " +
                $"{architecture.CrossAttentionDim}; the text encoder and the U-Net of one checkpoint must match.");
        }

        if (options.Family is { } givenFamily && !Enum.IsDefined(givenFamily))
        {
            throw new ModelConversionException($"Family {(int)givenFamily} is not a model family (StableDiffusion1 or StableDiffusion2).");
        }

        if (options.PredictionType is { } givenPrediction && !Enum.IsDefined(givenPrediction))
        {
            throw new ModelConversionException($"PredictionType {(int)givenPrediction} is not a prediction type (Epsilon, VPrediction or Sample).");
        }

        if (options.ImageSize is { } size && (size < 64 || size % 8 != 0))
        {
            throw new ModelConversionException(
                $"ImageSize {size} is not a native image size: give a multiple of 8 from 64 (512 for SD 1.x and SD 2 base, 768 for SD 2 768-v).");
        }

        var family = options.Family ?? DetectFamily(architecture, path);
        if (family == ModelFamily.StableDiffusion1)
        {
            return new(family, options.PredictionType ?? PredictionType.Epsilon, options.ImageSize ?? 512);
        }

        // A1111 probes only the plain SD 2 U-Net; its inpainting and depth models (more input channels) are epsilon at 512.
        var plain = architecture.UNetInChannels == 4;
        var prediction = options.PredictionType
            ?? (options.ImageSize is { } given ? (given < 768 ? PredictionType.Epsilon : PredictionType.VPrediction)
                : plain ? PredictionType.VPrediction : PredictionType.Epsilon);
        var imageSize = options.ImageSize ?? (prediction == PredictionType.VPrediction ? 768 : 512);
        var probe = options.PredictionType is null && options.ImageSize is null && plain;
        return new(family, prediction, imageSize, probe);
    }

    /// <summary>The settings once the probe has decided: v-prediction at 768, or epsilon at 512 (SD 2's two kinds).</summary>
    public SingleFileModelSettings Decided(bool vPrediction) =>
        vPrediction
            ? this with { PredictionType = PredictionType.VPrediction, ImageSize = 768, ProbePrediction = false }
            : this with { PredictionType = PredictionType.Epsilon, ImageSize = 512, ProbePrediction = false };

    private static ModelFamily DetectFamily(LdmArchitecture architecture, string path)
    {
        var byLayout = architecture.TextLayout == LdmTextEncoderLayout.TransformersClip
            ? ModelFamily.StableDiffusion1
            : ModelFamily.StableDiffusion2;
        ModelFamily? byWidth = architecture.CrossAttentionDim switch
        {
            Sd1ContextWidth => ModelFamily.StableDiffusion1,
            Sd2ContextWidth => ModelFamily.StableDiffusion2,
            _ => null,
        };
        if (byWidth is { } width && width != byLayout)
        {
            throw new ModelConversionException(
                $"'{path}': the family is ambiguous: the text encoder is in the {(byLayout == ModelFamily.StableDiffusion1 ? "SD 1.x (CLIP)" : "SD 2.x (OpenCLIP)")} " +
                $"layout but the U-Net's context is {architecture.CrossAttentionDim} wide, as in {(width == ModelFamily.StableDiffusion1 ? "SD 1.x" : "SD 2.x")}. " +
                "Set ModelImportOptions.Family to say which it is.");
        }

        return byLayout;
    }
}
