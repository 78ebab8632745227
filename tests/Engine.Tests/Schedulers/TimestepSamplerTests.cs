using Engine.Demo;
using Engine.Models;
using Engine.Schedulers;
using Xunit.Abstractions;

namespace Engine.Tests.Schedulers;

/// <summary>AUTOMATIC1111's DDIM, PLMS and UniPC against the demo model's closed-form probability-flow solution.</summary>
public sealed class TimestepSamplerTests(ITestOutputHelper output)
{
    // Step counts whose A1111 timesteps (k·(1000 // n) + 1) all contain t = 501.
    private static readonly int[] s_midSteps = [10, 20, 40, 50, 100];

    [Theory]
    [InlineData(12, 13, 1, 997)]
    [InlineData(20, 20, 1, 951)]
    [InlineData(7, 8, 1, 995)]
    [InlineData(3, 4, 1, 999)]
    [InlineData(1000, 1000, 1, 999)]
    public void Get_Steps_MatchesA1111Range(int steps, int count, int first, int last)
    {
        var timesteps = A1111Timesteps.Get(steps, discardNextToLastSigma: false);

        Assert.Equal(count, timesteps.Length);
        Assert.Equal(first, timesteps[0]);
        Assert.Equal(last, timesteps[^1]);
    }

    [Theory]
    [InlineData(20, 0.75, false, 20, 15)]
    [InlineData(20, 1.0, false, 20, 19)]
    [InlineData(20, 0.5, true, 40, 19)]
    [InlineData(12, 0.3, false, 12, 3)]
    public void Img2ImgSteps_Strength_MatchesSetupImg2ImgSteps(int steps, double strength, bool fix, int total, int tEnc)
    {
        Assert.Equal((total, tEnc), A1111Timesteps.Img2ImgSteps(steps, strength, fix));
    }

    public static TheoryData<string, PredictionType> Samplers => new()
    {
        { "DDIM", PredictionType.Epsilon },
        { "DDIM", PredictionType.VPrediction },
        { "PLMS", PredictionType.Epsilon },
        { "PLMS", PredictionType.VPrediction },
    };

    [Theory]
    [MemberData(nameof(Samplers))]
    public void Sample_DemoModel_LandsOnClosedFormAtFinalTimestep(string name, PredictionType prediction)
    {
        var run = SamplerRun.Txt2Img(Create(name), SamplerTestKit.Config(), 100, prediction);
        var timesteps = A1111Timesteps.Get(100, false);

        // From the noise at the last timestep (991) to timesteps[0] = 1, A1111's own end point (not 0).
        var expected = DemoModelMath.ProbabilityFlowSolution(
            SamplerTestKit.ToDouble(run.Start), DemoModelMath.AlphaBar(timesteps[^1]), run.Model.Mu,
            DemoModelMath.AlphaBar(timesteps[0]), SamplerTestKit.DataStd);
        var error = SamplerTestKit.MaxAbsDiff(run.Latents, expected);
        output.WriteLine($"{name} {prediction}: 100 steps, error {error:E3}");

        Assert.True(error < (name == "DDIM" ? 0.05 : 0.005), $"error {error}");
        Assert.Equal(991f, run.Model.Timesteps[0]);
    }

    [Theory]
    [InlineData("DDIM", 0.9, 1.2)]
    [InlineData("PLMS", 1.5, 5)]
    public void Sample_DemoModel_ErrorAtT501FallsAtMethodOrder(string name, double minOrder, double maxOrder)
    {
        var errors = new List<double>();
        foreach (var steps in s_midSteps)
        {
            var run = SamplerRun.Txt2Img(Create(name), SamplerTestKit.Config(), steps, PredictionType.Epsilon);
            var timesteps = A1111Timesteps.Get(steps, false);
            var n = timesteps.Length - 1;

            // After step i the latents sit at timesteps[n - 1 - i].
            var step = n - 1 - Array.IndexOf(timesteps, 501);
            var expected = DemoModelMath.ProbabilityFlowSolution(
                SamplerTestKit.ToDouble(run.Start), DemoModelMath.AlphaBar(timesteps[^1]), run.Model.Mu,
                DemoModelMath.AlphaBar(501), SamplerTestKit.DataStd);
            errors.Add(SamplerTestKit.MaxAbsDiff(run.Steps[step], expected));
        }

        var order = SamplerTestKit.Order(s_midSteps, errors);
        output.WriteLine($"{name}: errors at t=501 {string.Join(", ", errors.Select(e => e.ToString("E2", System.Globalization.CultureInfo.InvariantCulture)))}, order {order:F2}");
        Assert.InRange(order, minOrder, maxOrder);
    }

    [Theory]
    [InlineData(UniPcSkipType.LogSnr, 2.5, 1e-4)]
    [InlineData(UniPcSkipType.TimeUniform, 1.0, 0.02)]
    [InlineData(UniPcSkipType.TimeQuadratic, 1.2, 1e-3)]
    public void UniPc_DemoModel_ConvergesToClosedForm(UniPcSkipType skipType, double minOrder, double maxErrorAt100)
    {
        int[] steps = [10, 20, 25, 50, 100];
        var errors = new List<double>();
        foreach (var n in steps)
        {
            // UniPC evaluates fractional timesteps; the model interpolates them as UniPC's schedule does (see remarks).
            var run = SamplerRun.Txt2Img(new UniPcSampler(skipType: skipType), SamplerTestKit.Config(), n, PredictionType.Epsilon, logAlpha: true);
            var expected = DemoModelMath.ProbabilityFlowSolution(
                SamplerTestKit.ToDouble(run.Start), DemoModelMath.AlphaBar(999), run.Model.Mu, DemoModelMath.AlphaBar(0), SamplerTestKit.DataStd);
            errors.Add(SamplerTestKit.MaxAbsDiff(run.Latents, expected));
            Assert.Equal(A1111Timesteps.Get(n, false).Length, run.Model.Timesteps.Count);
        }

        var order = SamplerTestKit.Order(steps, errors);
        output.WriteLine($"UniPC {skipType}: errors {string.Join(", ", errors.Select(e => e.ToString("E2", System.Globalization.CultureInfo.InvariantCulture)))}, order {order:F2}");
        Assert.True(order >= minOrder, $"order {order}");
        Assert.True(errors[^1] < maxErrorAt100, $"error {errors[^1]}");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.75)]
    [InlineData(1.0)]
    public void SampleImg2Img_Strength_LandsOnClosedFormFromFirstModelTimestep(double strength)
    {
        const int Steps = 100;
        var model = new DemoDiffusionModel(DemoDiffusionModel.TestMu(), SamplerTestKit.DataStd, PredictionType.Epsilon);
        var init = Array.ConvertAll(DemoDiffusionModel.TestMu(), v => (float)(0.8 * v));
        var noise = new SeededNoise(8).Next(init.Length);
        var latents = (float[])init.Clone();
        var request = SamplerTestKit.Request(model, SamplerTestKit.Config(), Steps, strength: strength);
        var sampler = new PlmsSampler();

        sampler.SampleImg2Img(request, latents, noise);

        var timesteps = A1111Timesteps.Get(Steps, false);
        var tEnc = (int)(Math.Min(strength, 0.999) * Steps);
        var abarNoised = (double)new TimestepDenoiser(request).AlphasCumprod[timesteps[tEnc]];
        var start = new double[init.Length];
        for (var i = 0; i < start.Length; i++)
        {
            start[i] = (Math.Sqrt(abarNoised) * init[i]) + (Math.Sqrt(1 - abarNoised) * noise[i]);
        }

        // A1111 noises to timesteps[t_enc] but starts the solver at timesteps[t_enc - 1]: the ODE runs from there.
        var expected = DemoModelMath.ProbabilityFlowSolution(
            start, DemoModelMath.AlphaBar(timesteps[tEnc - 1]), model.Mu, DemoModelMath.AlphaBar(timesteps[0]), SamplerTestKit.DataStd);
        Assert.Equal(timesteps[tEnc - 1], model.Timesteps[0]);
        Assert.Equal(sampler.ModelCallCount(request), model.Timesteps.Count);
        Assert.True(SamplerTestKit.MaxAbsDiff(latents, expected) < 0.005, $"error {SamplerTestKit.MaxAbsDiff(latents, expected)}");
    }

    [Theory]
    [InlineData("DDIM", 12, 12)]
    [InlineData("DDIM", 20, 19)]
    [InlineData("PLMS", 12, 13)]
    [InlineData("UniPC", 12, 13)]
    [InlineData("UniPC", 20, 20)]
    public void ModelCallCount_Txt2Img_EqualsCallsMade(string name, int steps, int calls)
    {
        var sampler = Create(name);
        var run = SamplerRun.Txt2Img(sampler, SamplerTestKit.Config(), steps, PredictionType.Epsilon);

        Assert.Equal(calls, run.Model.Timesteps.Count);
        Assert.Equal(calls, sampler.ModelCallCount(SamplerTestKit.Request(run.Model, SamplerTestKit.Config(), steps)));
    }

    [Fact]
    public void Ddim_EtaZero_DrawsOneNoisePerStepAndIgnoresIt()
    {
        var noiseA = new SeededNoise(1);
        var a = RunDdim(noiseA, 0);
        var b = RunDdim(new SeededNoise(2), 0);

        Assert.Equal(12, noiseA.Draws);
        Assert.Equal(a, b);
        Assert.NotEqual(a, RunDdim(new SeededNoise(2), 1.0));
    }

    [Theory]
    [InlineData("DDIM")]
    [InlineData("PLMS")]
    [InlineData("UniPC")]
    public void Sample_CancelledBeforeCall_ThrowsAndKeepsLastFinishedStep(string name)
    {
        using var cancellation = new CancellationTokenSource();
        var model = new DemoDiffusionModel(DemoDiffusionModel.TestMu(), SamplerTestKit.DataStd, PredictionType.Epsilon);
        var latents = new SeededNoise(5).Next(256);
        float[]? lastStep = null;
        var request = SamplerTestKit.Request(model, SamplerTestKit.Config(), 20) with
        {
            CancellationToken = cancellation.Token,
            OnStep = (in SamplerStep s) =>
            {
                lastStep = s.Latents.ToArray();
                if (s.Step == 4)
                {
                    cancellation.Cancel();
                }
            },
        };

        Assert.Throws<OperationCanceledException>(() => Create(name).Sample(request, latents));
        Assert.Equal(lastStep, latents);
    }

    private static float[] RunDdim(SeededNoise noise, double eta)
    {
        var model = new DemoDiffusionModel(DemoDiffusionModel.TestMu(), SamplerTestKit.DataStd, PredictionType.Epsilon);
        var latents = new SeededNoise(5).Next(256);
        var request = SamplerTestKit.Request(model, SamplerTestKit.Config(), 12, noise) with { Options = new SamplerOptions { EtaDdim = eta } };
        new DdimSampler().Sample(request, latents);
        return latents;
    }

    private static ISampler Create(string name) => name switch
    {
        "DDIM" => new DdimSampler(),
        "PLMS" => new PlmsSampler(),
        _ => new UniPcSampler(),
    };
}
