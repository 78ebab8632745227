namespace WebUi.Services;

/// <summary>Takes a finished job's images (writes files and gallery records); runs on the queue's worker.</summary>
public interface IGenerationResultSink
{
    /// <summary>Saves every image of <paramref name="run"/> and returns where each went.</summary>
    Task<IReadOnlyList<SavedImage>> SaveAsync(GenerationJob job, GenerationRun run, CancellationToken cancellationToken);
}
