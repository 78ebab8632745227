using Engine.Models;

namespace Engine.Conversion;

/// <summary>How <see cref="ModelImporter"/> converts a source model.</summary>
public sealed record ModelImportOptions
{
    /// <summary>Element type of the converted text encoder and U-Net (the VAE is always float32).</summary>
    public ModelPrecision Precision { get; init; } = ModelPrecision.Float32;

    /// <summary>Single-file checkpoints: the family, instead of detecting it from the tensors.</summary>
    public ModelFamily? Family { get; init; }

    /// <summary>
    /// Single-file checkpoints: what the U-Net predicts, instead of detecting it (SD 1: epsilon; SD 2: A1111's test run
    /// on the converted U-Net, see docs/decisions/0008-sd2-v-prediction-probe.md).
    /// </summary>
    public PredictionType? PredictionType { get; init; }

    /// <summary>
    /// Single-file checkpoints: the native image size (512 or 768), instead of inferring it. For SD 2, giving only one of
    /// this and <see cref="PredictionType"/> implies the other (512 with epsilon, 768 with v-prediction).
    /// </summary>
    public int? ImageSize { get; init; }

    /// <summary>
    /// Single-file checkpoints: a folder holding a CLIP tokenizer (<c>vocab.json</c>, <c>merges.txt</c>), since such
    /// files carry none; when null, a <c>tokenizer/</c> folder beside the checkpoint is used.
    /// </summary>
    public string? TokenizerSource { get; init; }

    /// <summary>
    /// Single-file checkpoints: a diffusers pipeline folder whose <c>unet/</c>, <c>vae/</c> and <c>text_encoder/</c>
    /// config.json are used instead of the configs synthesized for the family, for checkpoints whose hyperparameters
    /// (head counts, norm groups) are not the family's (as diffusers' <c>from_single_file(config=...)</c>). Its
    /// text_encoder config must count the layers the converted encoder has (for SD 2, one fewer than the file's
    /// resblocks). The scheduler is still the family's, from <see cref="PredictionType"/>.
    /// </summary>
    public string? ConfigSource { get; init; }
}
