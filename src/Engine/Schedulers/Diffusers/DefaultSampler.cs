using Engine.Models;

namespace Engine.Schedulers.Diffusers;

/// <summary>
/// "Default": the model's own diffusers scheduler run as diffusers 0.25.1's <c>StableDiffusionPipeline</c> (txt2img) and
/// <c>StableDiffusionImg2ImgPipeline</c> (img2img) run it. Create it with <see cref="DefaultSamplerFactory.Create"/>.
/// </summary>
public sealed class DefaultSampler : ISampler
{
    private readonly Func<SchedulerConfig, DiffusersScheduler> _create;

    internal DefaultSampler(string className, Func<SchedulerConfig, DiffusersScheduler> create)
    {
        SchedulerClassName = className;
        _create = create;
    }

    /// <inheritdoc />
    public string Name => "Default";

    /// <summary>The diffusers scheduler class this sampler runs, e.g. PNDMScheduler.</summary>
    public string SchedulerClassName { get; }

    /// <inheritdoc />
    public int ModelCallCount(SamplingRequest request)
    {
        var scheduler = Create(request);
        return Timesteps(request, scheduler).Length;
    }

    /// <inheritdoc />
    public void Sample(SamplingRequest request, Span<float> latents)
    {
        var scheduler = Create(request);

        // prepare_latents: randn * init_noise_sigma.
        var initNoiseSigma = scheduler.InitNoiseSigma;
        for (var i = 0; i < latents.Length; i++)
        {
            latents[i] *= initNoiseSigma;
        }

        Loop(request, scheduler, scheduler.Timesteps, latents);
    }

    /// <inheritdoc />
    public void SampleImg2Img(SamplingRequest request, Span<float> latents, ReadOnlySpan<float> noise)
    {
        var scheduler = Create(request);
        var timesteps = Timesteps(request, scheduler);
        if (timesteps.Length == 0)
        {
            throw new ArgumentException(
                $"Denoising strength {request.DenoisingStrength} leaves no steps out of {request.Steps}.", nameof(request));
        }

        // prepare_latents: add_noise(init_latents, noise, timesteps[:1]).
        var init = latents.ToArray();
        scheduler.AddNoise(init, noise, timesteps[0], latents);
        Loop(request, scheduler, timesteps, latents);
    }

    private DiffusersScheduler Create(SamplingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var config = request.Scheduler;
        if (config.ClassName is { } name && !string.Equals(name, SchedulerClassName, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"This Default sampler runs {SchedulerClassName}, but the request's scheduler config names {name}.", nameof(request));
        }

        var scheduler = _create(config);
        scheduler.SetTimesteps(request.Steps);
        return scheduler;
    }

    // The timesteps the run loops over: all of them, or for img2img get_timesteps(num_inference_steps, strength).
    private static float[] Timesteps(SamplingRequest request, DiffusersScheduler scheduler)
    {
        if (request.DenoisingStrength is not { } strength)
        {
            return scheduler.Timesteps;
        }

        if (strength is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(request), strength, "DenoisingStrength must be in (0, 1].");
        }

        var steps = request.Steps;
        var initTimestep = Math.Min((int)(steps * strength), steps);
        var tStart = Math.Max(steps - initTimestep, 0);
        var skip = Math.Min(tStart * scheduler.Order, scheduler.Timesteps.Length);
        return scheduler.Timesteps[skip..];
    }

    private static void Loop(SamplingRequest request, DiffusersScheduler scheduler, float[] timesteps, Span<float> latents)
    {
        var n = latents.Length;
        var modelInput = new float[n];
        var modelOutput = new float[n];
        var denoised = new float[n];
        for (var i = 0; i < timesteps.Length; i++)
        {
            var t = timesteps[i];
            request.CancellationToken.ThrowIfCancellationRequested();
            scheduler.ScaleModelInput(latents, t, modelInput);
            request.Model.Predict(modelInput, t, modelOutput);
            scheduler.Step(modelOutput, t, latents, denoised, request.Noise);
            request.OnStep?.Invoke(new SamplerStep(i, timesteps.Length, latents, denoised));
        }
    }
}
