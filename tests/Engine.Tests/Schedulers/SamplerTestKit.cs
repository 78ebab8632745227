using Engine.Demo;
using Engine.Models;
using Engine.Schedulers;

namespace Engine.Tests.Schedulers;

/// <summary>Shared set-up for sampler tests on the analytic demo model.</summary>
internal static class SamplerTestKit
{
    public const double DataStd = 0.5;

    /// <summary>The SD 1/2 schedule (scaled_linear 0.00085..0.012, leading, steps_offset 1, no clipping).</summary>
    public static SchedulerConfig Config(string className = "PNDMScheduler", PredictionType prediction = PredictionType.Epsilon) => new()
    {
        ClassName = className,
        BetaStart = 0.00085,
        BetaEnd = 0.012,
        BetaSchedule = BetaSchedule.ScaledLinear,
        StepsOffset = 1,
        SetAlphaToOne = false,
        ClipSample = false,
        SkipPrkSteps = true,
        PredictionType = prediction,
    };

    public static SamplingRequest Request(
        IDiffusionModel model, SchedulerConfig config, int steps, INoiseSource? noise = null, double? strength = null) => new()
    {
        Model = model,
        Scheduler = config,
        Steps = steps,
        Noise = noise ?? new SeededNoise(99),
        DenoisingStrength = strength,
    };

    /// <summary>Abar as the demo model sees it at an integer timestep.</summary>
    public static double AlphaBar(double t) => DemoModelMath.AlphaBar(t);

    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }

    public static double MaxAbsDiff(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected)
    {
        double max = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            max = Math.Max(max, Math.Abs(actual[i] - expected[i]));
        }

        return max;
    }

    /// <summary>Least-squares slope of log(error) against log(steps): the observed convergence order (negated).</summary>
    public static double Order(IReadOnlyList<int> steps, IReadOnlyList<double> errors)
    {
        var n = steps.Count;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            var lx = Math.Log(steps[i]);
            var ly = Math.Log(errors[i]);
            sx += lx;
            sy += ly;
            sxx += lx * lx;
            sxy += lx * ly;
        }

        return -((n * sxy) - (sx * sy)) / ((n * sxx) - (sx * sx));
    }
}
