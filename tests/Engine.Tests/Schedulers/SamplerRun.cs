using Engine.Models;
using Engine.Schedulers;

namespace Engine.Tests.Schedulers;

/// <summary>One sampling run on the demo model with every step's latents recorded.</summary>
internal sealed class SamplerRun
{
    private SamplerRun(DemoDiffusionModel model, float[] start, float[] latents, List<float[]> steps)
    {
        Model = model;
        Start = start;
        Latents = latents;
        Steps = steps;
    }

    public DemoDiffusionModel Model { get; }

    /// <summary>The latents the sampler received (noise for txt2img).</summary>
    public float[] Start { get; }

    public float[] Latents { get; }

    /// <summary>Latents after each step (what OnStep saw).</summary>
    public List<float[]> Steps { get; }

    public static SamplerRun Txt2Img(ISampler sampler, SchedulerConfig config, int steps, PredictionType prediction, bool logAlpha = false)
    {
        var model = new DemoDiffusionModel(DemoDiffusionModel.TestMu(), SamplerTestKit.DataStd, prediction, logAlpha);
        var noise = new SeededNoise(5).Next(256);
        var latents = (float[])noise.Clone();
        var recorded = new List<float[]>();
        var request = SamplerTestKit.Request(model, config, steps) with { OnStep = (in SamplerStep s) => recorded.Add(s.Latents.ToArray()) };
        sampler.Sample(request, latents);
        return new SamplerRun(model, noise, latents, recorded);
    }
}
