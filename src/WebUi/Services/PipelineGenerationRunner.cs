using Engine.Models;
using Engine.Pipelines;

namespace WebUi.Services;

/// <summary>
/// Runs jobs on <see cref="ModelSelectionService.Current"/>, keeping one pipeline per loaded model. A job that names
/// its own model switches to it here, on the queue's worker (where no other job holds the model), and back afterwards
/// when it asks to.
/// </summary>
public sealed class PipelineGenerationRunner(
    ModelSelectionService selection, ILogger<GenerationPipeline> pipelineLogger, ILogger<PipelineGenerationRunner>? logger = null) : IGenerationRunner
{
    private readonly ILogger _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<PipelineGenerationRunner>.Instance;
    private readonly Lock _lock = new();
    private LoadedModel? _model;
    private GenerationPipeline? _pipeline;

    public async Task<GenerationRun> RunAsync(
        GenerationRequest request, GenerationJobOptions options, GenerationControl control, IProgress<GenerationProgress> progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var previous = selection.Current?.Descriptor.Id;
        var switched = options.ModelId is not null && !string.Equals(options.ModelId, previous, StringComparison.Ordinal);
        if (switched)
        {
            selection.Select(options.ModelId!);
        }

        try
        {
            return await RunOnCurrentAsync(request, control, progress, cancellationToken);
        }
        finally
        {
            if (switched && options.RestoreModelAfterwards && previous is not null)
            {
                try
                {
                    selection.Select(previous);
                }
                catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or ArgumentException)
                {
                    _logger.LogWarning(ex, "Could not switch back to model {ModelId} after a job: {Error}", previous, ex.Message);
                }
            }
        }
    }

    private async Task<GenerationRun> RunOnCurrentAsync(
        GenerationRequest request, GenerationControl control, IProgress<GenerationProgress> progress, CancellationToken cancellationToken)
    {
        var (model, lease) = selection.AcquireForJob();
        using var _ = lease;
        GenerationPipeline pipeline;
        lock (_lock)
        {
            if (!ReferenceEquals(model, _model) || _pipeline is null)
            {
                _pipeline = GenerationPipelineFactory.Create(model, logger: pipelineLogger);
                _model = model;
            }

            pipeline = _pipeline;
        }

        var result = await pipeline.RunAsync(request, control, progress, cancellationToken);
        return new GenerationRun(model.Descriptor.Id, result);
    }
}
