namespace WebUi.ModelImport;

/// <summary>What an import source is.</summary>
public enum ModelImportSourceKind
{
    /// <summary>A diffusers pipeline folder: <c>model_index.json</c> with <c>text_encoder/</c>, <c>unet/</c> and <c>vae/</c>.</summary>
    DiffusersFolder,

    /// <summary>A single-file checkpoint: <c>.safetensors</c> or <c>.ckpt</c>.</summary>
    Checkpoint,
}
