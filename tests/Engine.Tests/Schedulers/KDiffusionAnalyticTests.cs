using Engine.Demo;
using Engine.Models;
using Engine.Schedulers;

namespace Engine.Tests.Schedulers;

/// <summary>k-diffusion samplers on the analytic model (TESTING.md §1): closed-form answers and convergence orders.</summary>
public sealed class KDiffusionAnalyticTests
{
    private static readonly int[] s_steps = [8, 16, 32, 64];

    public static TheoryData<string, ScheduleType, PredictionType, double, double> Orders() => new()
    {
        { "Euler", ScheduleType.Karras, PredictionType.Epsilon, 0.9, 1.2 },
        { "Euler", ScheduleType.Uniform, PredictionType.VPrediction, 0.85, 1.2 },
        { "Euler", ScheduleType.Exponential, PredictionType.VPrediction, 0.9, 1.2 },
        { "Heun", ScheduleType.Karras, PredictionType.Epsilon, 1.8, 2.6 },
        { "Heun", ScheduleType.Uniform, PredictionType.Epsilon, 1.8, 2.6 },
        { "Heun", ScheduleType.Exponential, PredictionType.VPrediction, 1.8, 2.6 },
        { "DPM2", ScheduleType.Karras, PredictionType.Epsilon, 1.8, 2.6 },
        { "DPM2", ScheduleType.Exponential, PredictionType.VPrediction, 1.8, 2.6 },
        { "DPM++ 2M", ScheduleType.Karras, PredictionType.Epsilon, 1.6, 2.4 },
        { "DPM++ 2M", ScheduleType.Exponential, PredictionType.VPrediction, 1.6, 2.4 },
        { "LMS", ScheduleType.Karras, PredictionType.Epsilon, 2.8, 4.5 },
        { "LMS", ScheduleType.Exponential, PredictionType.VPrediction, 2.8, 4.5 },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public void Sample_DoublingSteps_ErrorFallsAtTheMethodsOrder(string name, ScheduleType schedule, PredictionType prediction, double minOrder, double maxOrder)
    {
        var sampler = SamplerRegistry.Default.Find(name)!.Sampler;

        var errors = s_steps.Select(n => AnalyticSampling.Txt2ImgErrors(sampler, n, schedule, prediction)).ToArray();

        var order = AnalyticSampling.Order(s_steps, [.. errors.Select(e => e.AtLastSigma)]);
        Assert.InRange(order, minOrder, maxOrder);
    }

    [Theory]
    [InlineData("Euler", ScheduleType.Automatic, 0.1)]
    [InlineData("Heun", ScheduleType.Automatic, 0.01)]
    [InlineData("LMS", ScheduleType.Karras, 0.01)]
    [InlineData("DPM2", ScheduleType.Automatic, 0.01)]
    [InlineData("DPM++ 2M", ScheduleType.Automatic, 0.01)]
    [InlineData("DPM++ 2M", ScheduleType.Uniform, 0.08)]
    public void Sample_64Steps_LandsOnTheClosedFormAnswer(string name, ScheduleType schedule, double tolerance)
    {
        var sampler = SamplerRegistry.Default.Find(name)!.Sampler;
        foreach (var prediction in new[] { PredictionType.Epsilon, PredictionType.VPrediction })
        {
            var mu = AnalyticSampling.Mu();
            var noise = new GaussianNoiseSource(3).Next(AnalyticSampling.Length);
            var request = AnalyticSampling.Request(new AnalyticDiffusionModel(mu, AnalyticSampling.DataStd, prediction), 64, schedule, new GaussianNoiseSource(4));
            var sigmaMax = ((KDiffusionSampler)sampler).GetSchedule(request).Run[0];
            var latents = (float[])noise.Clone();

            sampler.Sample(request, latents);

            var exact = DemoModelMath.ProbabilityFlowSolutionSigma(Array.ConvertAll(noise, v => (double)v * sigmaMax), sigmaMax, mu, 0, AnalyticSampling.DataStd);
            Assert.InRange(AnalyticSampling.MaxError(exact, latents), 0, tolerance);
        }
    }

    [Theory]
    [InlineData("Euler", 0.3)]
    [InlineData("Heun", 0.5)]
    [InlineData("DPM++ 2M", 0.75)]
    [InlineData("LMS", 0.6)]
    [InlineData("DPM2", 0.9)]
    public void SampleImg2Img_Strength_LandsOnTheClosedFormFromTheNoisedInit(string name, double strength)
    {
        var sampler = (KDiffusionSampler)SamplerRegistry.Default.Find(name)!.Sampler;
        var mu = AnalyticSampling.Mu();
        var init = Array.ConvertAll(AnalyticSampling.Mu(), v => (float)(0.5 - v));
        var noise = new GaussianNoiseSource(5).Next(AnalyticSampling.Length);
        float[]? beforeLast = null;
        var request = AnalyticSampling.Request(new AnalyticDiffusionModel(mu, AnalyticSampling.DataStd, PredictionType.Epsilon), 80, ScheduleType.Automatic, new GaussianNoiseSource(6), (in SamplerStep step) =>
        {
            if (step.Step == step.TotalSteps - 2)
            {
                beforeLast = step.Latents.ToArray();
            }
        }) with { DenoisingStrength = strength };
        var schedule = sampler.GetSchedule(request);
        var latents = (float[])init.Clone();

        sampler.SampleImg2Img(request, latents, noise);

        var start = schedule.Run[0];
        var xStart = new double[init.Length];
        for (var i = 0; i < init.Length; i++)
        {
            xStart[i] = init[i] + (noise[i] * (double)start);
        }

        Assert.Equal(schedule.Steps, (int)(Math.Min(strength, 0.999) * 80) + 1);
        var exact = DemoModelMath.ProbabilityFlowSolutionSigma(xStart, start, mu, schedule.Run[^2], AnalyticSampling.DataStd);
        Assert.InRange(AnalyticSampling.MaxError(exact, beforeLast!), 0, name == "Euler" ? 0.1 : 0.005);
    }

    public static TheoryData<string, ScheduleType, int> Stochastic() => new()
    {
        { "Euler a", ScheduleType.Automatic, 150 },
        { "DPM2 a", ScheduleType.Automatic, 30 },
        { "DPM++ 2S a", ScheduleType.Automatic, 30 },
        { "DPM++ SDE", ScheduleType.Automatic, 30 },
        { "DPM++ 2M SDE", ScheduleType.Automatic, 30 },
        { "DPM++ 2M SDE Heun", ScheduleType.Automatic, 30 },
        { "DPM++ 3M SDE", ScheduleType.Automatic, 30 },
    };

    [Theory]
    [MemberData(nameof(Stochastic))]
    public void Sample_StochasticSampler_EndsInTheDataDistribution(string name, ScheduleType schedule, int steps)
    {
        const int Length = 4 * 64 * 64;
        var sampler = SamplerRegistry.Default.Find(name)!.Sampler;
        var mu = AnalyticSampling.Mu(Length);
        var latents = new GaussianNoiseSource(11).Next(Length);
        var request = AnalyticSampling.Request(new AnalyticDiffusionModel(mu, AnalyticSampling.DataStd, PredictionType.Epsilon), steps, schedule, new GaussianNoiseSource(12));

        sampler.Sample(request, latents);

        double sum = 0, sumSquares = 0;
        for (var i = 0; i < Length; i++)
        {
            var z = (latents[i] - mu[i]) / AnalyticSampling.DataStd;
            sum += z;
            sumSquares += z * z;
        }

        var mean = sum / Length;
        var std = Math.Sqrt((sumSquares / Length) - (mean * mean));
        Assert.InRange(mean, -5.0 / Math.Sqrt(Length), 5.0 / Math.Sqrt(Length));
        Assert.InRange(std, 0.95, 1.05);
    }

    [Theory]
    [InlineData(ScheduleType.Automatic)]
    [InlineData(ScheduleType.Karras)]
    public void Sample_EulerAncestral30Steps_SpreadMatchesTheSchemesExactVarianceRecursion(ScheduleType schedule)
    {
        // For Gaussian data Euler a is linear in x − mu: Var' = a² Var + sigma_up², a = 1 + (1 − k)(sigma_down − sigma)/sigma,
        // k = s²/(s² + sigma²); first-order, so at 30 steps its spread is visibly below s (by ~12 %), exactly as computed here.
        const int Length = 4 * 64 * 64;
        var sampler = (KDiffusionSampler)SamplerRegistry.Default.Find("Euler a")!.Sampler;
        var mu = AnalyticSampling.Mu(Length);
        var latents = new GaussianNoiseSource(21).Next(Length);
        var request = AnalyticSampling.Request(new AnalyticDiffusionModel(mu, AnalyticSampling.DataStd, PredictionType.Epsilon), 30, schedule, new GaussianNoiseSource(22));
        var sigmas = sampler.GetSchedule(request).Run.ToArray();
        var s2 = AnalyticSampling.DataStd * AnalyticSampling.DataStd;
        double variance = (double)sigmas[0] * sigmas[0];
        for (var i = 0; i < sigmas.Length - 1; i++)
        {
            double sigma = sigmas[i], next = sigmas[i + 1];
            var up = Math.Min(next, Math.Sqrt(next * next * ((sigma * sigma) - (next * next)) / (sigma * sigma)));
            var down = Math.Sqrt((next * next) - (up * up));
            var k = s2 / (s2 + (sigma * sigma));
            var a = 1 + ((1 - k) * (down - sigma) / sigma);
            variance = (a * a * variance) + (next > 0 ? up * up : 0);
        }

        sampler.Sample(request, latents);

        double sumSquares = 0;
        for (var i = 0; i < Length; i++)
        {
            sumSquares += (latents[i] - mu[i]) * (latents[i] - mu[i]);
        }

        Assert.InRange(Math.Sqrt(sumSquares / Length) / Math.Sqrt(variance), 0.98, 1.02);
    }
}
