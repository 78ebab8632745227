using System.Text.Json;
using Engine.Models;
using Engine.Schedulers;
using Engine.Schedulers.Diffusers;
using Engine.Tests.Support;

namespace Engine.Tests.Schedulers;

/// <summary>
/// Replays diffusers 0.25.1's recorded txt2img runs on tiny-sd2 (fixtures/reference/tiny-sd2/txt2img): the model returns
/// the recorded guided U-Net output of each call and checks the input it gets, so timesteps, model inputs and every
/// step's latents are compared with the reference.
/// </summary>
public sealed class DefaultSamplerFixtureTests
{
    private const float GuidanceScale = 7.5f;

    [SkippableTheory]
    [InlineData("pndm_eps", "PNDMScheduler")]
    [InlineData("ddim_eps", "DDIMScheduler")]
    public void Sample_TinySd2Recording_MatchesEveryCallAndStep(string caseName, string className)
    {
        var folder = Fixtures.Path_("reference", "tiny-sd2", "txt2img", caseName);
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "meta.json")));
        var steps = meta.RootElement.GetProperty("num_inference_steps").GetInt32();
        var timesteps = meta.RootElement.GetProperty("timesteps").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var inputs = NpyArray.Load(Path.Combine(folder, "unet_input.npy"));
        var outputs = NpyArray.Load(Path.Combine(folder, "unet_output.npy"));
        var stepLatents = NpyArray.Load(Path.Combine(folder, "step_latents.npy"));
        var final = NpyArray.Load(Path.Combine(folder, "final_latents.npy")).AsFloats();
        var config = SchedulerConfig.Load(Fixtures.Path_("tiny-sd2", "scheduler", "scheduler_config.json")) with { ClassName = className };
        var model = new ReplayModel(inputs.AsFloats(), outputs.AsFloats(), timesteps, final.Length);
        var latents = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "init_latents.npy")).AsFloats();
        var recorded = stepLatents.AsFloats();
        var stepCount = 0;
        var sampler = DefaultSamplerFactory.Create(config);
        var request = new SamplingRequest
        {
            Model = model,
            Scheduler = config,
            Steps = steps,
            Noise = new SeededNoise(1),
            OnStep = (in SamplerStep step) =>
            {
                var expected = recorded.AsSpan(step.Step * final.Length, final.Length);
                AssertClose(expected, step.Latents, $"step {step.Step} latents");
                stepCount++;
            },
        };

        Assert.Equal(timesteps.Length, sampler.ModelCallCount(request));
        sampler.Sample(request, latents);

        Assert.Equal(timesteps.Length, model.Calls);
        Assert.Equal(stepLatents.Shape[0], stepCount);
        AssertClose(final, latents, "final latents");
    }

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        float scale = 0, worst = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        Assert.True(worst <= 1e-4f * scale, $"{what}: max |diff| {worst} exceeds 1e-4 of max |x| {scale}");
    }

    /// <summary>Returns call i's recorded guided output (uncond + 7.5 (cond − uncond)) after checking its input and timestep.</summary>
    private sealed class ReplayModel(float[] inputs, float[] outputs, float[] timesteps, int size) : IDiffusionModel
    {
        public PredictionType PredictionType => PredictionType.Epsilon;

        public int Calls { get; private set; }

        public void Predict(ReadOnlySpan<float> sample, float timestep, Span<float> output)
        {
            var call = Calls++;
            Assert.True(call < timesteps.Length, $"unexpected model call {call}");
            Assert.Equal(timesteps[call], timestep);

            // unet_input holds one copy of the latents per call (both halves of the CFG batch are the same).
            AssertClose(inputs.AsSpan(call * size, size), sample, $"call {call} U-Net input");

            // unet_output has batch order [uncond, cond].
            var offset = call * 2 * size;
            for (var i = 0; i < size; i++)
            {
                var uncond = outputs[offset + i];
                var cond = outputs[offset + size + i];
                output[i] = uncond + (GuidanceScale * (cond - uncond));
            }
        }
    }
}
