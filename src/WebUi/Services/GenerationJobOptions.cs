namespace WebUi.Services;

/// <summary>
/// How the web app treats one queued job, beside what the engine is asked to compute: whether its images go to the
/// gallery, and which model it runs on. The UI's jobs use <see cref="Default"/>; API jobs follow the request
/// (A1111's <c>save_images</c>, <c>override_settings.sd_model_checkpoint</c>).
/// </summary>
public sealed record GenerationJobOptions
{
    /// <summary>Saved to the gallery, on the model in use.</summary>
    public static GenerationJobOptions Default { get; } = new();

    /// <summary>Write the images to disk and record them in the gallery (A1111's <c>save_images</c>; the UI always saves).</summary>
    public bool SaveToGallery { get; init; } = true;

    /// <summary>Run on this model (a model id), switching to it on the queue's worker first; null runs on the model in use.</summary>
    public string? ModelId { get; init; }

    /// <summary>With <see cref="ModelId"/>: switch back to the previous model after the job (A1111's <c>override_settings_restore_afterwards</c>).</summary>
    public bool RestoreModelAfterwards { get; init; } = true;
}
