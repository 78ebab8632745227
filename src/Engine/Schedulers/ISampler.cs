namespace Engine.Schedulers;

/// <summary>
/// One sampling method under its AUTOMATIC1111 name. The sampler owns its whole schedule: the noise levels for the
/// requested steps, the scale of the starting noise, img2img truncation and noising, and the update rule, each exactly as
/// its reference does it (A1111 + k-diffusion, A1111's timestep samplers, or diffusers for "Default").
/// </summary>
public interface ISampler
{
    /// <summary>Name as A1111 shows it, e.g. "DPM++ 2M"; "Default" for the model's own diffusers scheduler.</summary>
    string Name { get; }

    /// <summary>Number of model evaluations the run will make, for progress and ETA (per image batch).</summary>
    int ModelCallCount(SamplingRequest request);

    /// <summary>
    /// txt2img: <paramref name="latents"/> holds unit Gaussian noise on entry (the seed's first draw) and the final clean
    /// latents on return.
    /// </summary>
    void Sample(SamplingRequest request, Span<float> latents);

    /// <summary>
    /// img2img: <paramref name="latents"/> holds the encoded init image (already multiplied by the VAE scaling factor) on
    /// entry and the final latents on return; <paramref name="noise"/> is the seed's first draw, which the sampler scales
    /// and adds for the start of its truncated schedule.
    /// </summary>
    void SampleImg2Img(SamplingRequest request, Span<float> latents, ReadOnlySpan<float> noise);
}
