namespace Engine.Schedulers;

/// <summary>How AUTOMATIC1111 v1.10.1 picks the timesteps of its DDIM/PLMS/UniPC samplers and truncates them for img2img.</summary>
internal static class A1111Timesteps
{
    /// <summary>
    /// sd_samplers_timesteps.py <c>CompVisSampler.get_timesteps</c>: <c>clip(range(0, 1000, 1000 // steps) + 1, 0, 999)</c>,
    /// ascending. Its length is not always <c>steps + 1</c> (20 steps give 20 timesteps, 12 give 13).
    /// </summary>
    public static int[] Get(int steps, bool discardNextToLastSigma)
    {
        if (discardNextToLastSigma)
        {
            steps++;
        }

        if (steps is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "AUTOMATIC1111's timestep samplers take 1 to 1000 steps.");
        }

        var stride = 1000 / steps;
        var count = (999 / stride) + 1;
        var timesteps = new int[count];
        for (var i = 0; i < count; i++)
        {
            timesteps[i] = Math.Clamp((i * stride) + 1, 0, 999);
        }

        return timesteps;
    }

    /// <summary>
    /// sd_samplers_common.py <c>setup_img2img_steps</c>: the schedule length to build and <c>t_enc</c>, the index of
    /// the timestep the init image is noised to.
    /// </summary>
    public static (int Steps, int TEnc) Img2ImgSteps(int steps, double strength, bool fixSteps)
    {
        if (fixSteps)
        {
            var total = strength > 0 ? (int)(steps / Math.Min(strength, 0.999)) : 0;
            return (total, steps - 1);
        }

        return (steps, (int)(Math.Min(strength, 0.999) * steps));
    }

    /// <summary>Timesteps for a request: the whole schedule for txt2img, the truncated one (and t_enc) for img2img.</summary>
    public static (int[] All, int[] Sampled, int TEnc) ForRequest(SamplingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var discard = request.Options.DiscardNextToLastSigma;
        if (request.DenoisingStrength is not { } strength)
        {
            var all = Get(request.Steps, discard);
            return (all, all, -1);
        }

        if (strength is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(request), strength, "DenoisingStrength must be in (0, 1].");
        }

        var (steps, tEnc) = Img2ImgSteps(request.Steps, strength, request.Img2ImgFixSteps);
        var schedule = Get(steps, discard);
        return (schedule, schedule[..tEnc], tEnc);
    }

    /// <summary>The start of a txt2img run of a timestep sampler: the request's timesteps and the denoiser.</summary>
    public static (TimestepDenoiser Denoiser, int[] Timesteps) StartTxt2Img(SamplingRequest request)
    {
        var (_, timesteps, _) = ForRequest(request);
        return (new TimestepDenoiser(request), timesteps);
    }

    /// <summary>
    /// The start of an img2img run of a timestep sampler (<c>CompVisSampler.sample_img2img</c>): the truncated
    /// timesteps, the denoiser, and the init latents noised in place to <c>timesteps[t_enc]</c>.
    /// </summary>
    public static (TimestepDenoiser Denoiser, int[] Timesteps) StartImg2Img(
        SamplingRequest request, Span<float> latents, ReadOnlySpan<float> noise)
    {
        var (all, timesteps, tEnc) = ForRequest(request);
        var denoiser = new TimestepDenoiser(request);
        NoiseInitLatents(denoiser.AlphasCumprod, all[tEnc], latents, noise);
        return (denoiser, timesteps);
    }

    /// <summary>
    /// sd_samplers_timesteps.py <c>CompVisSampler.sample_img2img</c>: noises the init latents in place to
    /// <c>timesteps[t_enc]</c> (float32, as torch does it).
    /// </summary>
    public static void NoiseInitLatents(float[] alphasCumprod, int timestep, Span<float> latents, ReadOnlySpan<float> noise)
    {
        if (noise.Length != latents.Length)
        {
            throw new ArgumentException("Noise and latents must have the same length.", nameof(noise));
        }

        var a = alphasCumprod[timestep];
        var sqrtA = MathF.Sqrt(a);
        var sqrtOneMinusA = MathF.Sqrt(1f - a);
        for (var i = 0; i < latents.Length; i++)
        {
            latents[i] = (latents[i] * sqrtA) + (noise[i] * sqrtOneMinusA);
        }
    }
}
