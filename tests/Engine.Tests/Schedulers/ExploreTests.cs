using Engine.Models;
using Engine.Schedulers;
using Xunit.Abstractions;

namespace Engine.Tests.Schedulers;

public sealed class ExploreTests(ITestOutputHelper output)
{
    [Fact]
    public void Explore()
    {
        foreach (var pred in new[] { PredictionType.Epsilon, PredictionType.VPrediction })
        foreach (var (name, sampler) in new (string, ISampler)[] { ("ddim", new DdimSampler()), ("plms", new PlmsSampler()), ("unipc", new UniPcSampler()) })
        {
            var errs = new List<double>();
            var stepsList = new[] { 50, 100, 200, 250, 500 };
            foreach (var steps in stepsList)
            {
                var model = new DemoDiffusionModel(DemoDiffusionModel.TestMu(), SamplerTestKit.DataStd, pred);
                var noise = new SeededNoise(5).Next(256);
                var latents = (float[])noise.Clone();
                var req = SamplerTestKit.Request(model, SamplerTestKit.Config(), steps);
                sampler.Sample(req, latents);
                double aStart, aEnd;
                if (name == "unipc") { aStart = SamplerTestKit.AlphaBar(999); aEnd = SamplerTestKit.AlphaBar(0); }
                else { var ts = A1111Timesteps.Get(steps, false); aStart = SamplerTestKit.AlphaBar(ts[^1]); aEnd = SamplerTestKit.AlphaBar(ts[0]); }
                var expected = Engine.Demo.DemoModelMath.ProbabilityFlowSolution(SamplerTestKit.ToDouble(noise), aStart, model.Mu, aEnd, SamplerTestKit.DataStd);
                var err = SamplerTestKit.MaxAbsDiff(latents, expected);
                errs.Add(err);
                output.WriteLine($"{pred} {name} steps {steps} calls {model.Timesteps.Count}/{sampler.ModelCallCount(req)} err {err:E3} first t {model.Timesteps[0]}");
            }
            output.WriteLine($"{pred} {name} order {SamplerTestKit.Order(stepsList, errs):F2}");
        }
    }
}
