using Engine.Models;
using Engine.Schedulers;

namespace Engine.Tests.Pipelines;

/// <summary>
/// k-diffusion's <c>sample_euler</c> (s_churn 0) over A1111's "Automatic" sigmas (<c>get_sigmas(steps)</c> on the ldm
/// schedule) with CompVis(V)Denoiser scalings, in float32: a stand-in until the real sampler registry lands.
/// </summary>
internal sealed class TestEulerSampler : ISampler
{
    public string Name => "Euler";

    /// <summary>Throws <see cref="InvalidOperationException"/> before this model call (0-based), to simulate a failing model.</summary>
    public int? FailAtCall { get; init; }

    /// <summary>The latents the last run returned.</summary>
    public float[]? LastResult { get; private set; }

    public int ModelCallCount(SamplingRequest request) => Sigmas(request).Length - 1;

    public void Sample(SamplingRequest request, Span<float> latents)
    {
        var sigmas = Sigmas(request);
        for (var i = 0; i < latents.Length; i++)
        {
            latents[i] *= sigmas[0];
        }

        Run(request, sigmas, latents);
    }

    public void SampleImg2Img(SamplingRequest request, Span<float> latents, ReadOnlySpan<float> noise)
    {
        var sigmas = Sigmas(request);
        for (var i = 0; i < latents.Length; i++)
        {
            latents[i] += noise[i] * sigmas[0];
        }

        Run(request, sigmas, latents);
    }

    /// <summary>k-diffusion get_sigmas: t = linspace(999, 0, n), sigma interpolated in log sigma, then 0; truncated for img2img as A1111 does.</summary>
    public static float[] Sigmas(SamplingRequest request)
    {
        var steps = request.Steps;
        var tEnc = steps;
        if (request.DenoisingStrength is { } strength)
        {
            // sd_samplers_common.setup_img2img_steps without img2img_fix_steps.
            tEnc = (int)(Math.Min(strength, 0.999) * steps);
        }

        var full = FullSigmas(request.Scheduler, steps);
        return request.DenoisingStrength is null ? full : full[(steps - tEnc - 1)..];
    }

    public static float[] FullSigmas(SchedulerConfig scheduler, int steps)
    {
        var logSigmas = NoiseSchedule.FromConfig(scheduler).LdmLogSigmas;
        var result = new float[steps + 1];
        for (var i = 0; i < steps; i++)
        {
            var t = steps == 1 ? 999f : 999f - (999f * i / (steps - 1));
            result[i] = (float)Math.Exp(InterpolateLogSigma(logSigmas, t));
        }

        return result;
    }

    public static float SigmaToT(float[] logSigmas, float sigma)
    {
        var logSigma = Math.Log(sigma);
        var high = 1;
        while (high < logSigmas.Length - 1 && logSigmas[high] < logSigma)
        {
            high++;
        }

        var low = high - 1;
        var w = (logSigmas[low] - logSigma) / (logSigmas[low] - logSigmas[high]);
        w = Math.Clamp(w, 0, 1);
        return (float)(((1 - w) * low) + (w * high));
    }

    private static double InterpolateLogSigma(float[] logSigmas, float t)
    {
        var low = (int)Math.Floor(t);
        var high = Math.Min(low + 1, logSigmas.Length - 1);
        var frac = t - low;
        return ((1 - frac) * logSigmas[low]) + (frac * logSigmas[high]);
    }

    private void Run(SamplingRequest request, float[] sigmas, Span<float> x)
    {
        var logSigmas = NoiseSchedule.FromConfig(request.Scheduler).LdmLogSigmas;
        var input = new float[x.Length];
        var output = new float[x.Length];
        var denoised = new float[x.Length];
        var steps = sigmas.Length - 1;
        for (var i = 0; i < steps; i++)
        {
            request.CancellationToken.ThrowIfCancellationRequested();
            if (FailAtCall == i)
            {
                throw new InvalidOperationException("Simulated model failure.");
            }

            var sigma = sigmas[i];
            var cIn = 1f / MathF.Sqrt((sigma * sigma) + 1f);
            for (var k = 0; k < x.Length; k++)
            {
                input[k] = x[k] * cIn;
            }

            request.Model.Predict(input, SigmaToT(logSigmas, sigma), output);
            for (var k = 0; k < x.Length; k++)
            {
                denoised[k] = request.Model.PredictionType == PredictionType.VPrediction
                    ? (x[k] / ((sigma * sigma) + 1f)) + (output[k] * (-sigma * cIn))
                    : x[k] - (sigma * output[k]);
            }

            request.OnStep?.Invoke(new SamplerStep(i, steps, x, denoised));
            var dt = sigmas[i + 1] - sigma;
            for (var k = 0; k < x.Length; k++)
            {
                x[k] += (x[k] - denoised[k]) / sigma * dt;
            }
        }

        LastResult = x.ToArray();
    }
}
