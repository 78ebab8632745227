using System.Globalization;
using Engine.Demo;
using Engine.Models;
using Engine.Schedulers;
using Engine.Schedulers.Diffusers;
using Xunit.Abstractions;

namespace Engine.Tests.Schedulers;

/// <summary>The "Default" diffusers schedulers against the demo model's closed-form probability-flow solution.</summary>
public sealed class DefaultSamplerTests(ITestOutputHelper output)
{
    public static TheoryData<string, PredictionType, double> FinalCases => new()
    {
        { "PNDMScheduler", PredictionType.Epsilon, 0.01 },
        { "PNDMScheduler", PredictionType.VPrediction, 0.05 },
        { "DDIMScheduler", PredictionType.Epsilon, 0.07 },
        { "DDIMScheduler", PredictionType.VPrediction, 0.07 },
        { "EulerDiscreteScheduler", PredictionType.Epsilon, 0.07 },
        { "EulerDiscreteScheduler", PredictionType.VPrediction, 0.07 },
        { "LMSDiscreteScheduler", PredictionType.Epsilon, 0.001 },
        { "DPMSolverMultistepScheduler", PredictionType.Epsilon, 0.06 },
        { "DPMSolverMultistepScheduler", PredictionType.VPrediction, 0.06 },
    };

    [Theory]
    [MemberData(nameof(FinalCases))]
    public void Sample_DemoModel_LandsOnClosedFormAtFinalNoiseLevel(string className, PredictionType prediction, double tolerance)
    {
        var config = SamplerTestKit.Config(className, prediction);
        var run = SamplerRun.Txt2Img(DefaultSamplerFactory.Create(config), config, 60, prediction);

        // Euler/LMS end at sigma 0; PNDM, DDIM (set_alpha_to_one false) and DPM++ at alphas_cumprod[0].
        var sigmaFamily = className.StartsWith("Euler", StringComparison.Ordinal) || className.StartsWith("LMS", StringComparison.Ordinal);
        var first = run.Model.Timesteps[0];
        var expected = DemoModelMath.ProbabilityFlowSolution(
            SamplerTestKit.ToDouble(run.Start), DemoModelMath.AlphaBar(first), run.Model.Mu,
            sigmaFamily ? 1.0 : DemoModelMath.AlphaBar(0), SamplerTestKit.DataStd);
        var error = SamplerTestKit.MaxAbsDiff(run.Latents, expected);
        output.WriteLine($"{className} {prediction}: 60 steps from t={first}, error {error:E3}");

        Assert.True(error < tolerance, $"error {error}");
    }

    [Theory]
    [InlineData("PNDMScheduler", 1.7, 5)]
    [InlineData("DDIMScheduler", 0.9, 1.2)]
    [InlineData("EulerDiscreteScheduler", 0.8, 1.2)]
    [InlineData("LMSDiscreteScheduler", 2.5, 6)]
    [InlineData("DPMSolverMultistepScheduler", 1.7, 3)]
    public void Sample_DemoModel_ErrorAtT501FallsAtMethodOrder(string className, double minOrder, double maxOrder)
    {
        // Leading spacing (offset 1) puts t = 501 in every schedule of these step counts (DPM++ spaces n + 1 points).
        var dpm = className.StartsWith("DPM", StringComparison.Ordinal);
        int[] steps = dpm ? [9, 19, 39, 49, 99] : [10, 20, 40, 50, 100];
        var errors = new List<double>();
        var config = SamplerTestKit.Config(className);
        foreach (var n in steps)
        {
            var run = SamplerRun.Txt2Img(DefaultSamplerFactory.Create(config), config, n, PredictionType.Epsilon);
            var calls = run.Model.Timesteps;

            // After step i the latents sit at the level of call i + 1's timestep (PNDM's repeat included).
            var step = calls.LastIndexOf(501f) - 1;
            var expected = DemoModelMath.ProbabilityFlowSolution(
                SamplerTestKit.ToDouble(run.Start), DemoModelMath.AlphaBar(calls[0]), run.Model.Mu,
                DemoModelMath.AlphaBar(501), SamplerTestKit.DataStd);
            var latents = run.Steps[step];
            if (className.StartsWith("Euler", StringComparison.Ordinal) || className.StartsWith("LMS", StringComparison.Ordinal))
            {
                // k-diffusion coordinates: x_sigma = x_vp · sqrt(σ² + 1) = x_vp / sqrt(ᾱ).
                var scale = Math.Sqrt(DemoModelMath.AlphaBar(501));
                latents = Array.ConvertAll(latents, v => (float)(v * scale));
                var startScale = 1 / Math.Sqrt(DemoModelMath.AlphaBar(calls[0]));
                expected = DemoModelMath.ProbabilityFlowSolution(
                    Array.ConvertAll(run.Start, v => v * startScale / Math.Sqrt(1 + (DemoModelMath.Sigma(calls[0]) * DemoModelMath.Sigma(calls[0])))),
                    DemoModelMath.AlphaBar(calls[0]), run.Model.Mu, DemoModelMath.AlphaBar(501), SamplerTestKit.DataStd);
            }

            errors.Add(SamplerTestKit.MaxAbsDiff(latents, expected));
        }

        var order = SamplerTestKit.Order(steps, errors);
        output.WriteLine($"{className}: errors at t=501 {string.Join(", ", errors.Select(e => e.ToString("E2", CultureInfo.InvariantCulture)))}, order {order:F2}");
        Assert.InRange(order, minOrder, maxOrder);
    }

    [Theory]
    [InlineData("DDIMScheduler", 0.5)]
    [InlineData("DDIMScheduler", 0.8)]
    [InlineData("PNDMScheduler", 0.6)]
    [InlineData("EulerDiscreteScheduler", 0.5)]
    [InlineData("DPMSolverMultistepScheduler", 0.75)]
    public void SampleImg2Img_Strength_StartsAtTruncatedTimestepAndLandsOnClosedForm(string className, double strength)
    {
        const int Steps = 100;
        var config = SamplerTestKit.Config(className);
        var model = new DemoDiffusionModel(DemoDiffusionModel.TestMu(), SamplerTestKit.DataStd, PredictionType.Epsilon);
        var init = Array.ConvertAll(DemoDiffusionModel.TestMu(), v => (float)(0.8 * v));
        var noise = new SeededNoise(8).Next(init.Length);
        var latents = (float[])init.Clone();
        var request = SamplerTestKit.Request(model, config, Steps, strength: strength);
        var sampler = DefaultSamplerFactory.Create(config);

        sampler.SampleImg2Img(request, latents, noise);

        // get_timesteps: the last int(steps × strength) timesteps; add_noise at the first of them.
        var t0 = model.Timesteps[0];
        var scheduler = CreateScheduler(config);
        scheduler.SetTimesteps(Steps);
        Assert.Equal(scheduler.Timesteps[(Steps - (int)(Steps * strength))..], model.Timesteps.ToArray());
        Assert.Equal(sampler.ModelCallCount(request), model.Timesteps.Count);

        var abar = DemoModelMath.AlphaBar(t0);
        var start = new double[init.Length];
        for (var i = 0; i < start.Length; i++)
        {
            start[i] = (Math.Sqrt(abar) * init[i]) + (Math.Sqrt(1 - abar) * noise[i]);
        }

        var sigmaFamily = className.StartsWith("Euler", StringComparison.Ordinal);
        var expected = DemoModelMath.ProbabilityFlowSolution(start, abar, model.Mu, sigmaFamily ? 1.0 : DemoModelMath.AlphaBar(0), SamplerTestKit.DataStd);
        if (sigmaFamily)
        {
            // Euler works in k-diffusion coordinates: x = x_vp / sqrt(ᾱ) at the start, clean at the end.
            expected = DemoModelMath.ProbabilityFlowSolutionSigma(
                Array.ConvertAll(start, v => v / Math.Sqrt(abar)), DemoModelMath.Sigma(t0), model.Mu, 0, SamplerTestKit.DataStd);
        }

        var error = SamplerTestKit.MaxAbsDiff(latents, expected);
        output.WriteLine($"{className} strength {strength}: error {error:E3}");
        Assert.True(error < 0.05, $"error {error}");
    }

    [Fact]
    public void Create_UnknownScheduler_ThrowsNamingTheClass()
    {
        var error = Assert.Throws<NotSupportedException>(() => DefaultSamplerFactory.Create(SamplerTestKit.Config("HeunDiscreteScheduler")));

        Assert.Contains("HeunDiscreteScheduler", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Pndm_IsNamedDefault()
    {
        var sampler = DefaultSamplerFactory.Create(SamplerTestKit.Config());

        Assert.Equal("Default", sampler.Name);
        Assert.Equal(13, sampler.ModelCallCount(SamplerTestKit.Request(
            new DemoDiffusionModel([], 1, PredictionType.Epsilon), SamplerTestKit.Config(), 12)));
    }

    [Fact]
    public void Sample_CancelledBeforeCall_ThrowsAndKeepsLastFinishedStep()
    {
        using var cancellation = new CancellationTokenSource();
        var config = SamplerTestKit.Config("DPMSolverMultistepScheduler");
        var model = new DemoDiffusionModel(DemoDiffusionModel.TestMu(), SamplerTestKit.DataStd, PredictionType.Epsilon);
        var latents = new SeededNoise(5).Next(256);
        float[]? lastStep = null;
        var request = SamplerTestKit.Request(model, config, 20) with
        {
            CancellationToken = cancellation.Token,
            OnStep = (in SamplerStep s) =>
            {
                lastStep = s.Latents.ToArray();
                if (s.Step == 3)
                {
                    cancellation.Cancel();
                }
            },
        };

        Assert.Throws<OperationCanceledException>(() => DefaultSamplerFactory.Create(config).Sample(request, latents));
        Assert.Equal(lastStep, latents);
        Assert.Equal(4, model.Timesteps.Count);
    }

    private static DiffusersScheduler CreateScheduler(SchedulerConfig config) => config.ClassName switch
    {
        "DDIMScheduler" => new DdimScheduler(config),
        "PNDMScheduler" => new PndmScheduler(config),
        "EulerDiscreteScheduler" => new EulerDiscreteScheduler(config),
        _ => new DpmSolverMultistepScheduler(config),
    };
}
