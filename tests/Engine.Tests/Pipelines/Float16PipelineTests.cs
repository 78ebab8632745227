using Engine.Demo;
using Engine.Models;
using Engine.Onnx;
using Engine.Pipelines;
using Engine.Tests.Models;
using Engine.Tests.Onnx;
using Engine.TextEncoding;
using Microsoft.Extensions.Options;

namespace Engine.Tests.Pipelines;

/// <summary>The demo model exported with fp16 IO (sample, timestep, hidden states, VAE): fed and read back as the graph declares.</summary>
public sealed class Float16PipelineTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("demo-fp16-");

    [Fact]
    public void Run_Float16Graphs_MatchesFloat32Run()
    {
        DemoModelWriter.Write(Path.Combine(_root.FullName, "fp16"), new DemoModelOptions { Float16 = true });
        DemoModelWriter.Write(Path.Combine(_root.FullName, "fp32"), new DemoModelOptions());
        var options = new EngineOptions { ModelsPath = _root.FullName };
        using var loader = new ModelLoader(CatalogFactory.Create(_root.FullName), SessionFactoryHelper.Cpu(options), Options.Create(options), new ListLogger<ModelLoader>());
        var request = new GenerationRequest { Prompt = "red circle, blue background", Steps = 8, CfgScale = 3, Seed = 9, Width = 64, Height = 64 };

        var half = Run(loader, "fp16", request, out var halfSampler);
        var full = Run(loader, "fp32", request, out var fullSampler);

        Assert.Equal(OnnxElementType.Float16, loader.Load("fp16").Descriptor.Signatures!.UNet.SampleType);
        var worstLatent = halfSampler.LastResult!.Zip(fullSampler.LastResult!, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worstLatent < 0.05, $"largest latent difference {worstLatent}");
        var worstPixel = half.Images[0].Image.Pixels.Zip(full.Images[0].Image.Pixels, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worstPixel <= 4, $"largest pixel difference {worstPixel}");
    }

    public void Dispose() => _root.Delete(recursive: true);

    private static GenerationResult Run(ModelLoader loader, string id, GenerationRequest request, out TestEulerSampler sampler)
    {
        var model = loader.Load(id);
        sampler = new TestEulerSampler();
        var pipeline = new GenerationPipeline(model, PromptEncoderFactory.Create(model), new SingleSamplerCatalog(sampler), new SeededGaussianNoiseFactory());
        return pipeline.Run(request);
    }
}
