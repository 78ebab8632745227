using System.ComponentModel.DataAnnotations;

namespace WebUi.Services;

/// <summary>Queue, progress and output settings, bound to the same "WebUi" section as <see cref="WebUiOptions"/>.</summary>
public sealed class GenerationOptions
{
    /// <summary>Jobs that may wait at once (the running one not counted); one more is refused with a clear message.</summary>
    [Range(1, 10_000)]
    public int MaxQueuedJobs { get; set; } = 100;

    /// <summary>Shortest gap between two progress events sent to one subscriber; the last event of a job is always sent.</summary>
    [Range(0, 60_000)]
    public int ProgressIntervalMs { get; set; } = 200;

    /// <summary>Shortest gap between two live preview images of a job (each is a PNG encoded on the worker).</summary>
    [Range(0, 600_000)]
    public int PreviewIntervalMs { get; set; } = 1000;

    /// <summary>Live preview every N sampling steps (A1111's <c>show_progress_every_n_steps</c>, default 10 there); 0 = off.</summary>
    [Range(0, 1000)]
    public int PreviewEverySteps { get; set; } = 5;

    /// <summary>How long finished jobs stay findable for reconnecting browsers.</summary>
    [Range(1, 7 * 24 * 60)]
    public int FinishedJobRetentionMinutes { get; set; } = 60;

    /// <summary>Most finished jobs kept in memory (oldest dropped first).</summary>
    [Range(1, 100_000)]
    public int MaxFinishedJobs { get; set; } = 500;

    /// <summary>
    /// Finished jobs keep their images in memory (for the API call or hub client collecting them as the job ends) only
    /// while they are among the newest this many; older ones keep their record (the saved files are in the gallery).
    /// </summary>
    [Range(1, 10_000)]
    public int FinishedJobsWithImages { get; set; } = 16;

    /// <summary>
    /// File name after the 5-digit counter, A1111's <c>samples_filename_pattern</c>: [seed] [steps] [cfg] [sampler]
    /// [model_name] [date] [prompt_words] [batch_number]; empty means [seed].
    /// </summary>
    public string FilenamePattern { get; set; } = "[seed]";
}
