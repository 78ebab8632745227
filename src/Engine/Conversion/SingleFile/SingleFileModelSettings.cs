using Engine.Models;

namespace Engine.Conversion.SingleFile;

/// <summary>
/// The family, prediction type and native image size of a single-file checkpoint: the options where given, else
/// what the tensors say (the family) and the family's defaults (the rest).
/// </summary>
/// <remarks>
/// The family follows the text encoder's layout (transformers CLIP: SD 1.x, OpenCLIP: SD 2.x), checked against the
/// U-Net's context width where that is one of the two real widths (768, 1024). Prediction type and image size cannot
/// be read from shapes: SD 1.x is epsilon at 512; SD 2.x defaults to v-prediction at 768, as AUTOMATIC1111's default
/// SD 2 config and diffusers' converter do (see docs/decisions/0007). The two go together in SD 2 (base: epsilon 512,
/// 768-v: v-prediction 768), so giving one option implies the other.
/// </remarks>
internal sealed record SingleFileModelSettings(ModelFamily Family, PredictionType PredictionType, int ImageSize)
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

        var prediction = options.PredictionType
            ?? (options.ImageSize is { } given && given < 768 ? PredictionType.Epsilon : PredictionType.VPrediction);
        var imageSize = options.ImageSize ?? (prediction == PredictionType.VPrediction ? 768 : 512);
        return new(family, prediction, imageSize);
    }

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
