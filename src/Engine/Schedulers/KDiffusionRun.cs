namespace Engine.Schedulers;

/// <summary>
/// What one k-diffusion sampling run shares with its update loop: the denoiser, the noise (A1111's per-image
/// generators standing in for <c>torch.randn_like</c>, or the Brownian tree), the options and the step report.
/// </summary>
internal sealed class KDiffusionRun
{
    private readonly SamplingRequest _request;
    private readonly KDiffusionSchedule _schedule;
    private readonly int _length;
    private BrownianTreeNoiseSampler? _brownian;

    public KDiffusionRun(SamplingRequest request, KDiffusionSigmas discrete, KDiffusionSchedule schedule, int length)
    {
        _request = request;
        _schedule = schedule;
        _length = length;
        Denoiser = new CompVisDenoiser(request.Model, discrete, length, request.CancellationToken);
    }

    public CompVisDenoiser Denoiser { get; }

    public SamplerOptions Options => _request.Options;

    public int Steps => _schedule.Steps;

    /// <summary>A work buffer of the latents' size (allocated once per run by the sampler that asks).</summary>
    public float[] NewBuffer() => new float[_length];

    /// <summary>Next unit-normal draw of every image's generator (k-diffusion's <c>torch.randn_like(x)</c>).</summary>
    public void DrawNoise(Span<float> destination) => _request.Noise.Fill(destination);

    /// <summary>
    /// k-diffusion's <c>noise_sampler(sigma, sigma_next)</c> for the Brownian samplers; the tree spans the whole
    /// schedule's positive levels, as A1111's <c>create_noise_sampler(x, sigmas, p)</c> does even for img2img.
    /// </summary>
    public void BrownianNoise(float sigma, float sigmaNext, Span<float> destination)
    {
        if (_brownian is null)
        {
            var sigmas = _schedule.Sigmas;
            float min = float.PositiveInfinity, max = 0f;
            foreach (var s in sigmas)
            {
                if (s > 0f)
                {
                    min = Math.Min(min, s);
                }

                max = Math.Max(max, s);
            }

            _brownian = new BrownianTreeNoiseSampler(_request.Noise, min, max, _length);
        }

        _brownian.Sample(sigma, sigmaNext, destination);
    }

    /// <summary>Reports a finished step: the latents after it and the denoised estimate of its first model call.</summary>
    public void Report(int step, ReadOnlySpan<float> x, ReadOnlySpan<float> denoised) =>
        _request.OnStep?.Invoke(new SamplerStep(step, Steps, x, denoised));
}
