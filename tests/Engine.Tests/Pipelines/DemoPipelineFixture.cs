using Engine.Demo;
using Engine.Models;
using Engine.Pipelines;
using Engine.Schedulers;
using Engine.Tests.Models;
using Engine.Tests.Onnx;
using Engine.TextEncoding;
using Microsoft.Extensions.Options;

namespace Engine.Tests.Pipelines;

/// <summary>The analytic demo model written to a temp folder and loaded through the real loader on the CPU.</summary>
public sealed class DemoPipelineFixture : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("demo-pipeline-");
    private readonly ModelLoader _loader;

    public DemoPipelineFixture()
    {
        DemoModelWriter.Write(Path.Combine(_root.FullName, "demo"), new DemoModelOptions());
        var options = new EngineOptions { ModelsPath = _root.FullName };
        _loader = new ModelLoader(CatalogFactory.Create(_root.FullName), SessionFactoryHelper.Cpu(options), Options.Create(options), new ListLogger<ModelLoader>());
        Model = _loader.Load("demo");
        Prompts = PromptEncoderFactory.Create(Model);
    }

    public LoadedModel Model { get; }

    public PromptEncoder Prompts { get; }

    public double DataStd => new DemoModelOptions().DataStd;

    internal GenerationPipeline Pipeline(ISampler sampler, INoiseSourceFactory? noise = null) =>
        new(Model, Prompts, new SingleSamplerCatalog(sampler), noise ?? new SeededGaussianNoiseFactory(), new GenerationPipelineOptions { Version = "test" });

    /// <summary>mu(c) [4, h, w] of a prompt as the demo U-Net computes it from the encoded text.</summary>
    public double[] Mu(string prompt, int latentHeight, int latentWidth) =>
        DemoModelMath.Mu(Prompts.Encode(prompt).HiddenStates, latentHeight, latentWidth);

    public void Dispose()
    {
        _loader.Dispose();
        _root.Delete(recursive: true);
    }
}

/// <summary>The demo U-Net in double precision for a fixed (guided) mean: the oracle a pipeline run is compared with.</summary>
internal sealed class DemoOracleModel(double[] mu, double dataStd) : IDiffusionModel
{
    public PredictionType PredictionType => PredictionType.Epsilon;

    public void Predict(ReadOnlySpan<float> sample, float timestep, Span<float> output)
    {
        var per = mu.Length;
        for (var b = 0; b < sample.Length / per; b++)
        {
            var result = DemoModelMath.UNetOutput(sample.Slice(b * per, per), mu, timestep, dataStd, DemoPredictionType.Epsilon);
            for (var i = 0; i < per; i++)
            {
                output[(b * per) + i] = (float)result[i];
            }
        }
    }
}
