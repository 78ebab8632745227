namespace Engine.Schedulers;

/// <summary>
/// A k-diffusion sampler as AUTOMATIC1111 v1.10.1 drives it (modules/sd_samplers_kdiffusion.py <c>KDiffusionSampler</c>):
/// the sigma schedule from the schedule type (<c>get_sigmas</c>), txt2img starting at <c>noise · sigmas[0]</c>, img2img
/// truncation (<c>sample_img2img</c> + <c>setup_img2img_steps</c>), and the CompVis denoiser around the model.
/// Subclasses hold only the update rule of their k-diffusion function. Instances are stateless and thread-safe.
/// </summary>
public abstract class KDiffusionSampler : ISampler
{
    private protected KDiffusionSampler(string name, ScheduleType defaultScheduleType = ScheduleType.Automatic, bool discardsNextToLastSigma = false)
    {
        Name = name;
        DefaultScheduleType = defaultScheduleType;
        DiscardsNextToLastSigma = discardsNextToLastSigma;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The schedule "Automatic" means for this sampler (A1111's <c>scheduler</c> option); Automatic itself when it has none (the discrete sigmas).</summary>
    public ScheduleType DefaultScheduleType { get; }

    /// <summary>A1111's <c>discard_next_to_last_sigma</c> option: one more step is scheduled and its penultimate sigma dropped.</summary>
    public bool DiscardsNextToLastSigma { get; }

    /// <summary>
    /// The noise levels a request runs through and the schedule type they resolve to: img2img (truncated) when the
    /// request has a denoising strength, txt2img otherwise.
    /// </summary>
    public KDiffusionSchedule GetSchedule(SamplingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.DenoisingStrength is null ? GetTxt2ImgSchedule(request) : GetImg2ImgSchedule(request);
    }

    /// <inheritdoc />
    public int ModelCallCount(SamplingRequest request) => CountModelCalls(GetSchedule(request).Run, request.Options);

    /// <inheritdoc />
    public void Sample(SamplingRequest request, Span<float> latents)
    {
        ArgumentNullException.ThrowIfNull(request);
        var schedule = GetTxt2ImgSchedule(request);
        var sigmaMax = schedule.Run[0];
        for (var i = 0; i < latents.Length; i++)
        {
            latents[i] *= sigmaMax;
        }

        Execute(request, schedule, latents);
    }

    /// <inheritdoc />
    public void SampleImg2Img(SamplingRequest request, Span<float> latents, ReadOnlySpan<float> noise)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (noise.Length != latents.Length)
        {
            throw new ArgumentException("The noise must have the latents' shape.", nameof(noise));
        }

        var schedule = GetImg2ImgSchedule(request);
        var sigmaStart = schedule.Run[0];
        for (var i = 0; i < latents.Length; i++)
        {
            latents[i] += noise[i] * sigmaStart;
        }

        Execute(request, schedule, latents);
    }

    /// <summary>The k-diffusion update loop over <paramref name="sigmas"/> (the run's levels, ending in 0).</summary>
    private protected abstract void Run(KDiffusionRun run, Span<float> x, ReadOnlySpan<float> sigmas);

    /// <summary>Model evaluations the loop makes over <paramref name="sigmas"/>; one per step unless overridden.</summary>
    private protected virtual int CountModelCalls(ReadOnlySpan<float> sigmas, SamplerOptions options) => sigmas.Length - 1;

    /// <summary>
    /// Model evaluations of a two-evaluation step rule whose step to 0 is a single Euler step: two per step, one where
    /// the step's target is 0. The target is the next sigma, or with an ancestral <paramref name="eta"/> its sigma_down
    /// (<see cref="KDiffusionSteps.Ancestral"/>; eta 0 leaves the next sigma).
    /// </summary>
    private protected static int CountTwoCallSteps(ReadOnlySpan<float> sigmas, double eta = 0)
    {
        var calls = 0;
        for (var i = 0; i < sigmas.Length - 1; i++)
        {
            calls += KDiffusionSteps.Ancestral(sigmas[i], sigmas[i + 1], eta).Down == 0 ? 1 : 2;
        }

        return calls;
    }

    private void Execute(SamplingRequest request, KDiffusionSchedule schedule, Span<float> latents)
    {
        var discrete = new KDiffusionSigmas(NoiseSchedule.FromConfig(request.Scheduler));
        var run = new KDiffusionRun(request, discrete, schedule, latents.Length);
        Run(run, latents, schedule.Run);
    }

    private KDiffusionSchedule GetTxt2ImgSchedule(SamplingRequest request)
    {
        if (request.Steps < 1)
        {
            throw new ArgumentException("At least one sampling step is needed.", nameof(request));
        }

        var (sigmas, type) = GetSigmas(request, request.Steps);
        return new KDiffusionSchedule(sigmas, 0, type);
    }

    // sd_samplers_common.setup_img2img_steps, then sigma_sched = sigmas[steps - t_enc - 1:].
    private KDiffusionSchedule GetImg2ImgSchedule(SamplingRequest request)
    {
        var strength = request.DenoisingStrength ?? throw new ArgumentException("img2img needs a denoising strength.", nameof(request));
        if (request.Steps < 1 || strength is <= 0 or > 1)
        {
            throw new ArgumentException("img2img needs at least one step and a denoising strength in (0, 1].", nameof(request));
        }

        var (steps, tEnc) = A1111Timesteps.Img2ImgSteps(request.Steps, strength, request.Img2ImgFixSteps);
        var (sigmas, type) = GetSigmas(request, steps);
        return new KDiffusionSchedule(sigmas, steps - tEnc - 1, type);
    }

    // KDiffusionSampler.get_sigmas: schedule type (Automatic → the sampler's default), sigma range and rho overrides,
    // and the discarded penultimate sigma.
    private (float[] Sigmas, ScheduleType Type) GetSigmas(SamplingRequest request, int steps)
    {
        var options = request.Options;
        var discard = DiscardsNextToLastSigma || options.DiscardNextToLastSigma;
        var n = steps + (discard ? 1 : 0);
        var type = request.ScheduleType == ScheduleType.Automatic ? DefaultScheduleType : request.ScheduleType;
        var discrete = new KDiffusionSigmas(NoiseSchedule.FromConfig(request.Scheduler));

        double modelMin = discrete.SigmaMin, modelMax = discrete.SigmaMax;
        var sigmaMin = options.SigmaMin is { } min && min != 0 && min != modelMin ? min : modelMin;
        var sigmaMax = options.SigmaMax is { } max && max != 0 && max != modelMax ? max : modelMax;
        var defaultRho = ScheduleTypeNames.DefaultRho(type);
        var rho = options.Rho is { } r && defaultRho != -1 && r != 0 ? r : defaultRho;

        var sigmas = type switch
        {
            ScheduleType.Automatic or ScheduleType.Uniform => discrete.GetSigmas(n),
            ScheduleType.Karras => SigmaSchedules.Karras(n, sigmaMin, sigmaMax, rho),
            ScheduleType.Exponential => SigmaSchedules.Exponential(n, sigmaMin, sigmaMax),
            ScheduleType.Polyexponential => SigmaSchedules.Polyexponential(n, sigmaMin, sigmaMax, rho),
            ScheduleType.SgmUniform => SigmaSchedules.SgmUniform(n, sigmaMin, sigmaMax, discrete),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.ScheduleType, "Unknown schedule type."),
        };

        if (discard)
        {
            sigmas = [.. sigmas.AsSpan(0, sigmas.Length - 2), sigmas[^1]];
        }

        return (sigmas, type);
    }
}
