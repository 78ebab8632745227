namespace Engine.Pipelines;

/// <summary>What a job produced.</summary>
/// <param name="Images">Finished images in job order (seed order).</param>
/// <param name="Interrupted">True when the job was interrupted; the last batch's images are then marked partial.</param>
/// <param name="SkippedBatches">Batches dropped by Skip.</param>
/// <param name="Timings">Where the time went.</param>
public sealed record GenerationResult(IReadOnlyList<GeneratedImage> Images, bool Interrupted, IReadOnlyList<int> SkippedBatches, GenerationTimings Timings);
