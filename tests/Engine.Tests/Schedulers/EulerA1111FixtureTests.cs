using Engine.Models;
using Engine.Schedulers;
using Engine.Tests.Support;

namespace Engine.Tests.Schedulers;

/// <summary>
/// The A1111 Euler run on tiny-sd2 (fixtures reference/tiny-sd2/a1111/euler_eps) with the U-Net replaced by a replay
/// of the guided eps each step implies: eps_i = (x_{i+1} − x_i) / (sigma_{i+1} − sigma_i).
/// </summary>
public sealed class EulerA1111FixtureTests
{
    private static string Case(string file) => Fixtures.Path_("reference", "tiny-sd2", "a1111", "euler_eps", file);

    [SkippableFact]
    public void Sample_ReplayedGuidedEps_ReproducesA1111StepLatentsAndFinal()
    {
        var sigmas = NpyArray.Load(Case("sigmas.npy")).AsFloats();
        var steps = NpyArray.Load(Case("step_latents.npy"));
        var final = NpyArray.Load(Case("final_latents.npy")).Values;
        var initNoise = NpyArray.Load(Case("init_noise.npy")).AsFloats();
        var length = initNoise.Length;
        var model = new ReplayModel(steps.Values, final, sigmas, length);
        var noise = new GaussianNoiseSource(1);
        var reported = new List<float[]>();
        var request = new SamplingRequest
        {
            Model = model,
            Scheduler = SchedulerConfig.Load(Fixtures.Path_("tiny-sd2", "scheduler", "scheduler_config.json")),
            Steps = 12,
            Noise = noise,
            OnStep = (in SamplerStep step) => reported.Add(step.Latents.ToArray()),
        };
        var latents = (float[])initNoise.Clone();

        new EulerSampler().Sample(request, latents);

        var scale = final.Max(Math.Abs);
        Assert.Equal(12, model.Calls);
        Assert.Equal(12, reported.Count);
        Assert.Equal(12, noise.Draws);
        Assert.True(model.MaxInputError <= 1e-4 * scale, $"start-of-step latents off by {model.MaxInputError}");
        for (var i = 0; i < 11; i++)
        {
            AssertClose(steps.Values.AsSpan((i + 1) * length, length), reported[i], 1e-4 * scale, $"after step {i}");
        }

        AssertClose(final, latents, 1e-4 * scale, "final");
    }

    private static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        Assert.True(worst <= tolerance, $"{what}: max error {worst} > {tolerance}");
    }

    private sealed class ReplayModel(double[] stepLatents, double[] final, float[] sigmas, int length) : IDiffusionModel
    {
        public PredictionType PredictionType => PredictionType.Epsilon;

        public int Calls { get; private set; }

        public double MaxInputError { get; private set; }

        public void Predict(ReadOnlySpan<float> sample, float timestep, Span<float> output)
        {
            var i = Calls++;
            double sigma = sigmas[i], next = sigmas[i + 1];
            var cIn = 1 / Math.Sqrt((sigma * sigma) + 1);
            for (var e = 0; e < length; e++)
            {
                var x = stepLatents[(i * length) + e];
                var xNext = i + 1 < 12 ? stepLatents[((i + 1) * length) + e] : final[e];
                MaxInputError = Math.Max(MaxInputError, Math.Abs((sample[e] / cIn) - x));
                output[e] = (float)((xNext - x) / (next - sigma));
            }
        }
    }
}
