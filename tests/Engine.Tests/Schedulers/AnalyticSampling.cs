using Engine.Demo;
using Engine.Models;
using Engine.Schedulers;

namespace Engine.Tests.Schedulers;

/// <summary>Runs k-diffusion samplers on the analytic model and compares with the closed-form probability-flow answer.</summary>
internal static class AnalyticSampling
{
    public const double DataStd = 0.5;
    public const int Length = 4 * 8 * 8;

    public static double[] Mu(int length = Length)
    {
        var mu = new double[length];
        for (var i = 0; i < length; i++)
        {
            mu[i] = 0.8 * Math.Sin(0.37 * i) - 0.2;
        }

        return mu;
    }

    public static SamplingRequest Request(IDiffusionModel model, int steps, ScheduleType schedule, INoiseSource noise, SamplerStepCallback? onStep = null) => new()
    {
        Model = model,
        Scheduler = AnalyticDiffusionModel.Config,
        Steps = steps,
        ScheduleType = schedule,
        Noise = noise,
        OnStep = onStep,
    };

    /// <summary>
    /// Runs txt2img and returns the max error at the run's last nonzero sigma (before k-diffusion's final step into 0)
    /// and at the end (where the exact answer is the exact path's value at the last nonzero sigma, denoised).
    /// </summary>
    public static (double AtLastSigma, double Final) Txt2ImgErrors(
        ISampler sampler, int steps, ScheduleType schedule, PredictionType prediction, int seed = 7)
    {
        var mu = Mu();
        var model = new AnalyticDiffusionModel(mu, DataStd, prediction);
        var noise = new GaussianNoiseSource(seed);
        var start = noise.Next(Length);
        float[]? beforeLast = null;
        var request = Request(model, steps, schedule, new GaussianNoiseSource(seed + 1), (in SamplerStep step) =>
        {
            if (step.Step == step.TotalSteps - 2)
            {
                beforeLast = step.Latents.ToArray();
            }
        });
        var run = ((KDiffusionSampler)sampler).GetSchedule(request).Run.ToArray();
        var latents = (float[])start.Clone();

        sampler.Sample(request, latents);

        var xStart = Array.ConvertAll(start, v => (double)v * run[0]);
        var lastSigma = run[^2];
        var exactLast = DemoModelMath.ProbabilityFlowSolutionSigma(xStart, run[0], mu, lastSigma, DataStd);
        var k = DataStd * DataStd / ((DataStd * DataStd) + ((double)lastSigma * lastSigma));
        var exactFinal = new double[Length];
        for (var i = 0; i < Length; i++)
        {
            exactFinal[i] = mu[i] + (k * (exactLast[i] - mu[i]));
        }

        return (MaxError(exactLast, beforeLast!), MaxError(exactFinal, latents));
    }

    public static double MaxError(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual)
    {
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        return worst;
    }

    /// <summary>Least-squares slope of −log(error) against log(steps): the observed order.</summary>
    public static double Order(IReadOnlyList<int> steps, IReadOnlyList<double> errors)
    {
        var xs = steps.Select(s => Math.Log(s)).ToArray();
        var ys = errors.Select(e => -Math.Log(e)).ToArray();
        double mx = xs.Average(), my = ys.Average();
        double num = 0, den = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            num += (xs[i] - mx) * (ys[i] - my);
            den += (xs[i] - mx) * (xs[i] - mx);
        }

        return num / den;
    }
}
