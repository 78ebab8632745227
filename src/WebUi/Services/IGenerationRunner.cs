using Engine.Pipelines;

namespace WebUi.Services;

/// <summary>Runs one job on the model in use; the queue's only contact with the engine, so tests can run a fake.</summary>
public interface IGenerationRunner
{
    /// <summary>
    /// Runs <paramref name="request"/> as <paramref name="options"/> say (on <see cref="GenerationJobOptions.ModelId"/>
    /// when given); throws what the pipeline throws (validation, cancellation, ONNX errors).
    /// </summary>
    Task<GenerationRun> RunAsync(
        GenerationRequest request, GenerationJobOptions options, GenerationControl control, IProgress<GenerationProgress> progress,
        CancellationToken cancellationToken);
}

/// <summary>A finished pipeline run and the model it ran on.</summary>
public sealed record GenerationRun(string ModelId, GenerationResult Result);
