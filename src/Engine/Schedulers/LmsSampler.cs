namespace Engine.Schedulers;

/// <summary>"LMS": k-diffusion <c>sample_lms</c>, linear multistep of order 4 in sigma.</summary>
public sealed class LmsSampler : KDiffusionSampler
{
    private const int Order = 4;

    public LmsSampler()
        : base("LMS")
    {
    }

    private protected override void Run(KDiffusionRun run, Span<float> x, ReadOnlySpan<float> sigmas)
    {
        var denoised = run.NewBuffer();
        var history = new float[Order][];
        for (var k = 0; k < Order; k++)
        {
            history[k] = run.NewBuffer();
        }

        var coefficients = new float[Order];
        for (var i = 0; i < sigmas.Length - 1; i++)
        {
            var sigma = sigmas[i];
            run.Denoiser.Denoise(x, sigma, denoised);

            // history[i % Order] is the newest derivative; j steps back is history[(i - j) % Order].
            var d = history[i % Order];
            for (var e = 0; e < x.Length; e++)
            {
                d[e] = (x[e] - denoised[e]) / sigma;
            }

            var order = Math.Min(i + 1, Order);
            for (var j = 0; j < order; j++)
            {
                coefficients[j] = (float)LinearMultistepCoefficients.Coefficient(order, sigmas, i, j);
            }

            for (var e = 0; e < x.Length; e++)
            {
                // sum(coeff * d for ...) starts from the integer 0 and adds the newest term first.
                var sum = 0f;
                for (var j = 0; j < order; j++)
                {
                    sum += coefficients[j] * history[(i - j) % Order][e];
                }

                x[e] += sum;
            }

            run.Report(i, x, denoised);
        }
    }
}
