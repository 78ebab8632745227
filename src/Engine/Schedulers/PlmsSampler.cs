namespace Engine.Schedulers;

/// <summary>
/// AUTOMATIC1111's "PLMS" (v1.10.1 sd_samplers_timesteps_impl.py <c>plms</c>): pseudo linear multistep over A1111's
/// timesteps, a pseudo improved Euler first step (two model calls), then Adams–Bashforth of order 2, 3 and 4 on the
/// noise predictions.
/// </summary>
public sealed class PlmsSampler : ISampler
{
    /// <inheritdoc />
    public string Name => "PLMS";

    /// <inheritdoc />
    public int ModelCallCount(SamplingRequest request)
    {
        var steps = A1111Timesteps.ForRequest(request).Sampled.Length - 1;
        return steps > 0 ? steps + 1 : 0;
    }

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
        var n = x.Length;
        var eps = new float[n];
        var epsNext = new float[n];
        var epsPrime = new float[n];
        var xPrev = new float[n];
        var predX0 = new float[n];

        // old_eps keeps the last three predictions, newest last.
        float[][] old = [new float[n], new float[n], new float[n]];
        var oldCount = 0;

        for (var i = 0; i < steps; i++)
        {
            var index = steps - i;
            var t = timesteps[index];
            var tNext = timesteps[Math.Max(index - 1, 0)];
            model.PredictEpsilon(x, t, eps);

            switch (oldCount)
            {
                case 0:
                    PreviousSample(alphas, t, timesteps[index - 1], x, eps, xPrev, predX0);
                    model.PredictEpsilon(xPrev, tNext, epsNext);
                    for (var j = 0; j < n; j++)
                    {
                        epsPrime[j] = (eps[j] + epsNext[j]) / 2;
                    }

                    break;
                case 1:
                    for (var j = 0; j < n; j++)
                    {
                        epsPrime[j] = ((3 * eps[j]) - old[2][j]) / 2;
                    }

                    break;
                case 2:
                    for (var j = 0; j < n; j++)
                    {
                        epsPrime[j] = ((23 * eps[j]) - (16 * old[2][j]) + (5 * old[1][j])) / 12;
                    }

                    break;
                default:
                    for (var j = 0; j < n; j++)
                    {
                        epsPrime[j] = ((55 * eps[j]) - (59 * old[2][j]) + (37 * old[1][j]) - (9 * old[0][j])) / 24;
                    }

                    break;
            }

            PreviousSample(alphas, t, timesteps[index - 1], x, epsPrime, xPrev, predX0);

            // Rotate the history: the oldest buffer receives this step's prediction.
            var recycled = old[0];
            old[0] = old[1];
            old[1] = old[2];
            old[2] = recycled;
            eps.CopyTo(recycled, 0);
            oldCount = Math.Min(oldCount + 1, 3);

            xPrev.CopyTo(x);
            request.OnStep?.Invoke(new SamplerStep(i, steps, x, predX0));
        }
    }

    // plms.get_x_prev_and_pred_x0: a DDIM step (eta 0) with the given noise prediction.
    private static void PreviousSample(
        float[] alphas, int t, int tPrev, ReadOnlySpan<float> x, ReadOnlySpan<float> eps, Span<float> xPrev, Span<float> predX0)
    {
        var aT = alphas[t];
        var aPrev = alphas[tPrev];
        var sqrtOneMinusAT = MathF.Sqrt(1f - aT);
        var sqrtAT = MathF.Sqrt(aT);
        var sqrtAPrev = MathF.Sqrt(aPrev);
        var direction = MathF.Sqrt(1f - aPrev);
        for (var j = 0; j < x.Length; j++)
        {
            var p = (x[j] - (sqrtOneMinusAT * eps[j])) / sqrtAT;
            predX0[j] = p;
            xPrev[j] = (sqrtAPrev * p) + (direction * eps[j]);
        }
    }
}
