using Engine.Models;
using Engine.Pipelines;

namespace WebUi.Services;

/// <summary>Runs jobs on <see cref="ModelSelectionService.Current"/>, keeping one pipeline per loaded model.</summary>
public sealed class PipelineGenerationRunner(ModelSelectionService selection, ILogger<GenerationPipeline> pipelineLogger) : IGenerationRunner
{
    private readonly Lock _lock = new();
    private LoadedModel? _model;
    private GenerationPipeline? _pipeline;

    public async Task<GenerationRun> RunAsync(
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
