namespace Engine.Schedulers.Diffusers;

/// <summary>
/// The "Default" entry of the sampler list: whatever scheduler the model's own <c>scheduler_config.json</c> names, run
/// as diffusers runs it. The scheduler is built from the request's config, so one registration serves every model.
/// </summary>
public sealed class ModelDefaultSampler : ISampler
{
    public const string SamplerName = "Default";

    public string Name => SamplerName;

    public int ModelCallCount(SamplingRequest request) => For(request).ModelCallCount(request);

    public void Sample(SamplingRequest request, Span<float> latents) => For(request).Sample(request, latents);

    public void SampleImg2Img(SamplingRequest request, Span<float> latents, ReadOnlySpan<float> noise) =>
        For(request).SampleImg2Img(request, latents, noise);

    private static ISampler For(SamplingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return DefaultSamplerFactory.Create(request.Scheduler);
    }
}
