namespace Engine.Schedulers;

/// <summary>
/// AUTOMATIC1111's "DDIM" (v1.10.1 sd_samplers_timesteps_impl.py <c>ddim</c>): DDIM over A1111's own timesteps
/// (<see cref="A1111Timesteps.Get"/>), eta from <see cref="SamplerOptions.EtaDdim"/>. Like the reference it draws one
/// noise tensor per step even when eta is 0, so the noise source advances the same way.
/// </summary>
public sealed class DdimSampler : ISampler
{
    /// <inheritdoc />
    public string Name => "DDIM";

    /// <inheritdoc />
    public int ModelCallCount(SamplingRequest request) => Math.Max(A1111Timesteps.ForRequest(request).Sampled.Length - 1, 0);

    /// <inheritdoc />
    public void Sample(SamplingRequest request, Span<float> latents)
    {
        var (denoiser, timesteps) = A1111Timesteps.StartTxt2Img(request);
        Run(request, denoiser, latents, timesteps);
    }

    /// <inheritdoc />
    public void SampleImg2Img(SamplingRequest request, Span<float> latents, ReadOnlySpan<float> noise)
    {
        var (denoiser, timesteps) = A1111Timesteps.StartImg2Img(request, latents, noise);
        Run(request, denoiser, latents, timesteps);
    }

    private static void Run(SamplingRequest request, TimestepDenoiser model, Span<float> x, int[] timesteps)
    {
        var steps = timesteps.Length - 1;
        if (steps <= 0)
        {
            return;
        }

        var alphas = model.AlphasCumprod;
        var eta = request.Options.EtaDdim;
        var eps = new float[x.Length];
        var predX0 = new float[x.Length];
        var noise = new float[x.Length];
        for (var i = 0; i < steps; i++)
        {
            var index = steps - i;
            model.PredictEpsilon(x, timesteps[index], eps);

            var aT = alphas[timesteps[index]];
            var aPrev = alphas[timesteps[index - 1]];

            // sigmas = eta * sqrt((1 - a_prev) / (1 - a_t) * (1 - a_t / a_prev)): numpy float64 over float32 alphas.
            var sigma = (float)(eta * Math.Sqrt((1 - (double)aPrev) / (1f - aT) * (1 - (aT / (double)aPrev))));
            var sqrtOneMinusAT = MathF.Sqrt(1f - aT);
            var sqrtAT = MathF.Sqrt(aT);
            var sqrtAPrev = MathF.Sqrt(aPrev);
            var direction = MathF.Sqrt(1f - aPrev - (sigma * sigma));

            // k_diffusion.sampling.torch.randn_like, hijacked to the image generators, runs whatever eta is.
            request.Noise.Fill(noise);
            for (var j = 0; j < x.Length; j++)
            {
                var p = (x[j] - (sqrtOneMinusAT * eps[j])) / sqrtAT;
                predX0[j] = p;
                x[j] = (sqrtAPrev * p) + (direction * eps[j]) + (sigma * noise[j]);
            }

            request.OnStep?.Invoke(new SamplerStep(i, steps, x, predX0));
        }
    }
}
