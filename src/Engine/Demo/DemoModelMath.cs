namespace Engine.Demo;

/// <summary>
/// The demo model's formulas in plain double-precision C#: the oracle for the ONNX graphs and the closed-form
/// answers sampler tests compare against (TESTING.md §1). Latents here are the sampler's (scaled) latents unless
/// a method says otherwise; images are in [-1, 1], channel-major (NCHW without the batch).
/// </summary>
public static class DemoModelMath
{
    /// <summary>VAE <c>scaling_factor</c>.</summary>
    public const double ScalingFactor = 0.18215;

    /// <summary>Width of the text encoder's hidden states (the U-Net's cross_attention_dim).</summary>
    public const int HiddenSize = DemoTextFeatures.HiddenSize;

    /// <summary>Number of training timesteps in the schedule.</summary>
    public const int TrainTimesteps = 1000;

    /// <summary>Circle radius as a fraction of min(height, width) of the latent grid.</summary>
    public const double CircleRadius = 0.3;

    /// <summary>Square half side as a fraction of min(height, width) of the latent grid.</summary>
    public const double SquareHalfSide = 0.25;

    /// <summary>Log-variance the VAE encoder reports, so sampling the latent distribution is effectively its mean.</summary>
    public const float EncoderLogVariance = -30f;

    private static readonly Lazy<float[]> s_alphasCumprod = new(BuildAlphasCumprod);
    private static readonly Lazy<float[]> s_logSigmas = new(BuildLogSigmas);

    /// <summary>
    /// AUTOMATIC1111's "approx cheap" latent→RGB matrix [4 latent channels, 3 colours]; the demo's decoder applies
    /// exactly this to the scaled latents, so the cheap preview equals the real decode.
    /// </summary>
    public static IReadOnlyList<double[]> CheapPreviewMatrix { get; } =
    [
        [0.298, 0.207, 0.208],
        [0.187, 0.286, 0.173],
        [-0.158, 0.189, 0.264],
        [-0.184, -0.271, -0.473],
    ];

    /// <summary>[4, 3]: the minimum-norm scaled latent for an RGB colour, M (MᵀM)⁻¹ with M the preview matrix.</summary>
    internal static double[,] RgbToLatent { get; } = BuildRgbToLatent();

    /// <summary>alphas_cumprod of the scaled_linear schedule (beta 0.00085..0.012), computed in double, stored as float.</summary>
    public static IReadOnlyList<float> AlphasCumprod => s_alphasCumprod.Value;

    /// <summary>log sigma per integer timestep (float), plus a repeat of the last entry so t = 999 can interpolate.</summary>
    internal static float[] LogSigmaTable => s_logSigmas.Value;

    /// <summary>Hidden states [sequence, HiddenSize] for one sequence of token ids.</summary>
    public static float[] HiddenStates(ReadOnlySpan<long> ids)
    {
        var table = DemoTextFeatures.Table;
        var direct = DemoTextFeatures.DirectMap;
        var correction = DemoTextFeatures.BackgroundCorrectionMap;
        const int F = DemoTextFeatures.TokenFeatureCount;
        const int H = HiddenSize;
        var hidden = new float[ids.Length * H];
        for (var i = 0; i < ids.Length; i++)
        {
            var row = table.AsSpan(checked((int)ids[i]) * F, F);
            var nextIsBackground = i + 1 < ids.Length
                ? table[(checked((int)ids[i + 1]) * F) + DemoTextFeatures.TokIsBackground]
                : 0f;
            for (var h = 0; h < H; h++)
            {
                float a = 0f, b = 0f;
                for (var f = 0; f < F; f++)
                {
                    a += row[f] * direct[(f * H) + h];
                    b += row[f] * correction[(f * H) + h];
                }

                hidden[(i * H) + h] = a + (nextIsBackground * b);
            }
        }

        return hidden;
    }

    /// <summary>The text encoder's <c>pooler_output</c>: the hidden state at the first largest id (the end token).</summary>
    public static float[] PoolerOutput(ReadOnlySpan<long> ids)
    {
        var best = 0;
        for (var i = 1; i < ids.Length; i++)
        {
            if (ids[i] > ids[best])
            {
                best = i;
            }
        }

        return HiddenStates(ids).AsSpan(best * HiddenSize, HiddenSize).ToArray();
    }

    /// <summary>
    /// The data mean mu(c) [4, height, width] (scaled latents) for one item's hidden states [sequence, HiddenSize].
    /// </summary>
    /// <remarks>
    /// Sums over tokens: colour weights and colours for foreground and background (a colour word directly followed
    /// by "background" counts as background), and the circle/square weights. Colours are weight-averaged
    /// (divided by max(weight, 1), so a weight below 1 fades towards grey); presence is min(weight, 1).
    /// Mask: the shapes named (soft-edged, one latent pixel wide); with no shape word, the foreground fills
    /// everything unless a background colour is named: then a foreground colour is a circle, and no foreground
    /// colour leaves the background alone. mu = bg + mask (fg - bg).
    /// </remarks>
    public static double[] Mu(ReadOnlySpan<float> hiddenStates, int height, int width)
    {
        const int H = HiddenSize;
        var sums = new double[H];
        for (var i = 0; i < hiddenStates.Length; i++)
        {
            sums[i % H] += hiddenStates[i];
        }

        var fgWeight = sums[DemoTextFeatures.HidFgWeight];
        var bgWeight = sums[DemoTextFeatures.HidBgWeight];
        var fgLatent = LatentForRgb(
            sums[DemoTextFeatures.HidFgRgb] / Math.Max(fgWeight, 1),
            sums[DemoTextFeatures.HidFgRgb + 1] / Math.Max(fgWeight, 1),
            sums[DemoTextFeatures.HidFgRgb + 2] / Math.Max(fgWeight, 1));
        var bgLatent = LatentForRgb(
            sums[DemoTextFeatures.HidBgRgb] / Math.Max(bgWeight, 1),
            sums[DemoTextFeatures.HidBgRgb + 1] / Math.Max(bgWeight, 1),
            sums[DemoTextFeatures.HidBgRgb + 2] / Math.Max(bgWeight, 1));
        var fgPresent = Math.Clamp(fgWeight, 0, 1);
        var bgPresent = Math.Clamp(bgWeight, 0, 1);
        var circleWeight = Math.Clamp(sums[DemoTextFeatures.HidCircle], 0, 1);
        var squareWeight = Math.Clamp(sums[DemoTextFeatures.HidSquare], 0, 1);
        var shapePresent = Math.Clamp(sums[DemoTextFeatures.HidCircle] + sums[DemoTextFeatures.HidSquare], 0, 1);

        var mu = new double[4 * height * width];
        var size = Math.Min(height, width);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var dy = y + 0.5 - (height / 2.0);
                var dx = x + 0.5 - (width / 2.0);
                var circle = Math.Clamp((CircleRadius * size) - Math.Sqrt((dx * dx) + (dy * dy)) + 0.5, 0, 1);
                var square = Math.Clamp((SquareHalfSide * size) - Math.Max(Math.Abs(dx), Math.Abs(dy)) + 0.5, 0, 1);
                var shapes = Math.Clamp((circleWeight * circle) + (squareWeight * square), 0, 1);
                var mask = shapes + ((1 - shapePresent) * ((bgPresent * fgPresent * circle) + 1 - bgPresent));
                for (var c = 0; c < 4; c++)
                {
                    mu[(((c * height) + y) * width) + x] = bgLatent[c] + (mask * (fgLatent[c] - bgLatent[c]));
                }
            }
        }

        return mu;
    }

    /// <summary>The minimum-norm scaled latent [4] whose decode is the colour (r, g, b) in [-1, 1].</summary>
    public static double[] LatentForRgb(double r, double g, double b)
    {
        var latent = new double[4];
        for (var c = 0; c < 4; c++)
        {
            latent[c] = (RgbToLatent[c, 0] * r) + (RgbToLatent[c, 1] * g) + (RgbToLatent[c, 2] * b);
        }

        return latent;
    }

    /// <summary>The colour [3] in [-1, 1] (unclamped) a scaled latent pixel [4] decodes to (= the cheap preview).</summary>
    public static double[] RgbForLatent(ReadOnlySpan<double> latent)
    {
        var rgb = new double[3];
        for (var c = 0; c < 3; c++)
        {
            for (var l = 0; l < 4; l++)
            {
                rgb[c] += CheapPreviewMatrix[l][c] * latent[l];
            }
        }

        return rgb;
    }

    /// <summary>log sigma at a (fractional) timestep: linear in log sigma between neighbouring integer timesteps.</summary>
    public static double LogSigma(double timestep)
    {
        var t = Math.Clamp(timestep, 0, TrainTimesteps - 1);
        var low = (int)Math.Floor(t);
        var frac = t - low;
        var table = LogSigmaTable;
        return ((1 - frac) * table[low]) + (frac * table[low + 1]);
    }

    /// <summary>sigma = sqrt((1 - abar) / abar) at a (fractional) timestep.</summary>
    public static double Sigma(double timestep) => Math.Exp(LogSigma(timestep));

    /// <summary>abar(t) = 1 / (1 + sigma(t)²).</summary>
    public static double AlphaBar(double timestep)
    {
        var sigma = Sigma(timestep);
        return 1 / (1 + (sigma * sigma));
    }

    /// <summary>The Bayes-optimal clean-latent estimate x0_hat = mu + k (x_t - sqrt(abar) mu).</summary>
    public static double[] Denoised(ReadOnlySpan<float> sample, ReadOnlySpan<double> mu, double timestep, double dataStd)
    {
        var sigma = Sigma(timestep);
        var abar = 1 / (1 + (sigma * sigma));
        var oneMinus = sigma * sigma * abar;
        var s2 = dataStd * dataStd;
        var k = Math.Sqrt(abar) * s2 / ((abar * s2) + oneMinus);
        var result = new double[sample.Length];
        for (var i = 0; i < sample.Length; i++)
        {
            result[i] = mu[i] + (k * (sample[i] - (Math.Sqrt(abar) * mu[i])));
        }

        return result;
    }

    /// <summary>The U-Net output for one item: eps, or v = sqrt(abar) eps - sqrt(1 - abar) x0_hat.</summary>
    public static double[] UNetOutput(
        ReadOnlySpan<float> sample, ReadOnlySpan<double> mu, double timestep, double dataStd, DemoPredictionType prediction)
    {
        var sigma = Sigma(timestep);
        var abar = 1 / (1 + (sigma * sigma));
        var oneMinus = sigma * sigma * abar;
        var x0 = Denoised(sample, mu, timestep, dataStd);
        var result = new double[sample.Length];
        for (var i = 0; i < sample.Length; i++)
        {
            var eps = (sample[i] - (Math.Sqrt(abar) * x0[i])) / Math.Sqrt(oneMinus);
            result[i] = prediction == DemoPredictionType.Epsilon
                ? eps
                : (Math.Sqrt(abar) * eps) - (Math.Sqrt(oneMinus) * x0[i]);
        }

        return result;
    }

    /// <summary>Classifier-free guidance folded into the data mean: mu_g = mu_u + g (mu_c - mu_u).</summary>
    public static double[] GuidedMu(ReadOnlySpan<double> uncond, ReadOnlySpan<double> cond, double scale)
    {
        var result = new double[cond.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = uncond[i] + (scale * (cond[i] - uncond[i]));
        }

        return result;
    }

    /// <summary>
    /// Exact probability-flow ODE solution: from x at noise level <paramref name="abarStart"/> to noise level
    /// <paramref name="abar"/>, keeping z = (x - sqrt(abar) mu) / sqrt(abar s² + 1 - abar) fixed.
    /// </summary>
    public static double[] ProbabilityFlowSolution(
        ReadOnlySpan<double> xStart, double abarStart, ReadOnlySpan<double> mu, double abar, double dataStd)
    {
        var s2 = dataStd * dataStd;
        var startScale = Math.Sqrt((abarStart * s2) + 1 - abarStart);
        var scale = Math.Sqrt((abar * s2) + 1 - abar);
        var result = new double[xStart.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var z = (xStart[i] - (Math.Sqrt(abarStart) * mu[i])) / startScale;
            result[i] = (Math.Sqrt(abar) * mu[i]) + (scale * z);
        }

        return result;
    }

    /// <summary>
    /// The same solution in k-diffusion's coordinates: x_sigma = mu + sqrt(s² + sigma²) z, from x at
    /// <paramref name="sigmaStart"/> to <paramref name="sigma"/> (0 gives the final clean latent).
    /// </summary>
    public static double[] ProbabilityFlowSolutionSigma(
        ReadOnlySpan<double> xStart, double sigmaStart, ReadOnlySpan<double> mu, double sigma, double dataStd)
    {
        var s2 = dataStd * dataStd;
        var ratio = Math.Sqrt(s2 + (sigma * sigma)) / Math.Sqrt(s2 + (sigmaStart * sigmaStart));
        var result = new double[xStart.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = mu[i] + (ratio * (xStart[i] - mu[i]));
        }

        return result;
    }

    /// <summary>The VAE decoder: unscaled latents [4, h, w] to an image [3, 8h, 8w] (8x nearest upsampling).</summary>
    public static double[] Decode(ReadOnlySpan<float> latent, int height, int width)
    {
        var image = new double[3 * 64 * height * width];
        var outWidth = 8 * width;
        for (var y = 0; y < 8 * height; y++)
        {
            for (var x = 0; x < outWidth; x++)
            {
                var source = ((y / 8) * width) + (x / 8);
                for (var c = 0; c < 3; c++)
                {
                    double value = 0;
                    for (var l = 0; l < 4; l++)
                    {
                        value += ScalingFactor * CheapPreviewMatrix[l][c] * latent[(l * height * width) + source];
                    }

                    image[(((c * 8 * height) + y) * outWidth) + x] = value;
                }
            }
        }

        return image;
    }

    /// <summary>The VAE encoder's mean: image [3, height, width] to unscaled latents [4, height/8, width/8].</summary>
    public static double[] EncodeMean(ReadOnlySpan<float> image, int height, int width)
    {
        int h = height / 8, w = width / 8;
        var latent = new double[4 * h * w];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var rgb = new double[3];
                for (var c = 0; c < 3; c++)
                {
                    for (var dy = 0; dy < 8; dy++)
                    {
                        for (var dx = 0; dx < 8; dx++)
                        {
                            rgb[c] += image[(((c * height) + (8 * y) + dy) * width) + (8 * x) + dx] / 64.0;
                        }
                    }
                }

                var scaled = LatentForRgb(rgb[0], rgb[1], rgb[2]);
                for (var l = 0; l < 4; l++)
                {
                    latent[(((l * h) + y) * w) + x] = scaled[l] / ScalingFactor;
                }
            }
        }

        return latent;
    }

    private static float[] BuildAlphasCumprod()
    {
        // ldm's scaled_linear: betas = linspace(sqrt(0.00085), sqrt(0.012), 1000) ** 2 in float64.
        double start = Math.Sqrt(0.00085), end = Math.Sqrt(0.012);
        const int N = TrainTimesteps;
        var step = (end - start) / (N - 1);
        var result = new float[N];
        var product = 1.0;
        for (var i = 0; i < N; i++)
        {
            // torch.linspace fills the second half from the end, which keeps the last value exact.
            var root = i < N / 2 ? start + (i * step) : end - ((N - 1 - i) * step);
            product *= 1 - (root * root);
            result[i] = (float)product;
        }

        return result;
    }

    private static float[] BuildLogSigmas()
    {
        var alphas = s_alphasCumprod.Value;
        var table = new float[alphas.Length + 1];
        for (var i = 0; i < alphas.Length; i++)
        {
            double a = alphas[i];
            table[i] = (float)Math.Log(Math.Sqrt((1 - a) / a));
        }

        table[^1] = table[^2];
        return table;
    }

    private static double[,] BuildRgbToLatent()
    {
        // Gram matrix G = MᵀM (3x3), then M G⁻¹ (4x3).
        var m = CheapPreviewMatrix;
        var gram = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var l = 0; l < 4; l++)
                {
                    gram[i, j] += m[l][i] * m[l][j];
                }
            }
        }

        var inverse = Invert3x3(gram);
        var result = new double[4, 3];
        for (var l = 0; l < 4; l++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var i = 0; i < 3; i++)
                {
                    result[l, j] += m[l][i] * inverse[i, j];
                }
            }
        }

        return result;
    }

    private static double[,] Invert3x3(double[,] a)
    {
        var det = (a[0, 0] * ((a[1, 1] * a[2, 2]) - (a[1, 2] * a[2, 1])))
                - (a[0, 1] * ((a[1, 0] * a[2, 2]) - (a[1, 2] * a[2, 0])))
                + (a[0, 2] * ((a[1, 0] * a[2, 1]) - (a[1, 1] * a[2, 0])));
        var inv = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                // Cofactor of a[j, i] (transposed) over the determinant.
                int r0 = (j + 1) % 3, r1 = (j + 2) % 3, c0 = (i + 1) % 3, c1 = (i + 2) % 3;
                inv[i, j] = ((a[r0, c0] * a[r1, c1]) - (a[r0, c1] * a[r1, c0])) / det;
            }
        }

        return inv;
    }
}
