using Engine.Models;
using Engine.TextEncoding;
using Microsoft.Extensions.Logging;

namespace Engine.Pipelines;

/// <summary>Puts a pipeline together for a loaded model with the real samplers and seeded noise.</summary>
public static class GenerationPipelineFactory
{
    public static GenerationPipeline Create(LoadedModel model, GenerationPipelineOptions? options = null, ILogger<GenerationPipeline>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new GenerationPipeline(
            model, PromptEncoderFactory.Create(model), SamplerCatalog.Default, SeededNoiseSourceFactory.Instance, options, logger);
    }
}
