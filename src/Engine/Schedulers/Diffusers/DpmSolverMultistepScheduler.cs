using Engine.Models;

namespace Engine.Schedulers.Diffusers;

/// <summary>
/// diffusers 0.25.1 <c>DPMSolverMultistepScheduler</c> (scheduling_dpmsolver_multistep.py) in its default configuration:
/// DPM-Solver++ (data prediction), order 2, midpoint, <c>lower_order_final</c> (first-order last step under 15 steps),
/// final sigma that of ᾱ[0]. The <c>algorithm_type</c>, <c>solver_order</c> and <c>solver_type</c> keys are not read by
/// <see cref="SchedulerConfig"/>, so configs that change them run with these defaults.
/// </summary>
internal sealed class DpmSolverMultistepScheduler(SchedulerConfig config) : DiffusersScheduler(config)
{
    private float[] _sigmas = [];
    private int? _stepIndex;
    private int _lowerOrderNums;
    private float[]? _previousOutput;
    private float[]? _currentOutput;

    public override void SetTimesteps(int steps)
    {
        var train = TrainTimesteps;
        if (steps < 1 || steps > train)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"Steps must be between 1 and {train}.");
        }

        // lambda_min_clipped = -inf: last_timestep = N. Spacing over n + 1 points, dropping the last, as this class does.
        double[] timesteps;
        switch (Config.TimestepSpacing)
        {
            case TimestepSpacing.Linspace:
                var linspace = DiffusersTimesteps.Linspace(0, train - 1, steps + 1);
                Array.Reverse(linspace);
                timesteps = Array.ConvertAll(linspace[..^1], Math.Round);
                break;
            case TimestepSpacing.Leading:
                var ratio = train / (steps + 1);
                timesteps = new double[steps];
                for (var i = 0; i < steps; i++)
                {
                    timesteps[i] = ((double)(steps - i) * ratio) + Config.StepsOffset;
                }

                break;
            default:
                timesteps = Array.ConvertAll(DiffusersTimesteps.Arange(train, 0, -(double)train / steps), v => Math.Round(v) - 1);
                break;
        }

        var table = SigmaSchedule.TrainingSigmas(AlphasCumprod);
        double[] sigmas;
        double last;
        if (Config.UseKarrasSigmas)
        {
            var logSigmas = SigmaSchedule.LogSigmas(table);
            sigmas = SigmaSchedule.Karras(table[0], table[^1], steps);
            timesteps = Array.ConvertAll(sigmas, s => Math.Round(SigmaSchedule.SigmaToT(s, logSigmas)));
            last = sigmas[^1];
        }
        else
        {
            sigmas = Array.ConvertAll(timesteps, t => DiffusersTimesteps.Interpolate(t, table));

            // sigma_last = ((1 - alphas_cumprod[0]) / alphas_cumprod[0]) ** 0.5 on the float32 tensor.
            last = table[0];
        }

        _sigmas = new float[sigmas.Length + 1];
        for (var i = 0; i < sigmas.Length; i++)
        {
            _sigmas[i] = (float)sigmas[i];
        }

        _sigmas[^1] = (float)last;
        Timesteps = Array.ConvertAll(timesteps, t => (float)(long)t);
        _stepIndex = null;
        _lowerOrderNums = 0;
    }

    public override void Step(
        ReadOnlySpan<float> modelOutput, float timestep, Span<float> sample, Span<float> denoised, INoiseSource noise)
    {
        _stepIndex ??= SigmaSchedule.IndexOf(Timesteps, timestep);
        var index = _stepIndex.Value;
        var count = Timesteps.Length;
        var lowerOrderFinal = index == count - 1 && count < 15;

        // convert_model_output (DPM-Solver++): the data prediction at sigma_s0.
        var (alphaS0, sigmaS0) = AlphaSigma(_sigmas[index]);
        for (var i = 0; i < sample.Length; i++)
        {
            denoised[i] = Config.PredictionType switch
            {
                PredictionType.Epsilon => (sample[i] - (sigmaS0 * modelOutput[i])) / alphaS0,
                PredictionType.VPrediction => (alphaS0 * sample[i]) - (sigmaS0 * modelOutput[i]),
                _ => modelOutput[i],
            };
        }

        // model_outputs shifts left; the newest is this step's data prediction.
        _previousOutput ??= new float[sample.Length];
        _currentOutput ??= new float[sample.Length];
        (_previousOutput, _currentOutput) = (_currentOutput, _previousOutput);
        denoised.CopyTo(_currentOutput);

        var (alphaT, sigmaT) = AlphaSigma(_sigmas[index + 1]);
        var lambdaT = MathF.Log(alphaT) - MathF.Log(sigmaT);
        var lambdaS0 = MathF.Log(alphaS0) - MathF.Log(sigmaS0);
        var h = lambdaT - lambdaS0;
        var sampleCoeff = sigmaT / sigmaS0;
        var outputCoeff = alphaT * (MathF.Exp(-h) - 1f);
        if (_lowerOrderNums < 1 || lowerOrderFinal)
        {
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = (sampleCoeff * sample[i]) - (outputCoeff * _currentOutput[i]);
            }
        }
        else
        {
            var (alphaS1, sigmaS1) = AlphaSigma(_sigmas[index - 1]);
            var lambdaS1 = MathF.Log(alphaS1) - MathF.Log(sigmaS1);
            var r0 = (lambdaS0 - lambdaS1) / h;
            var inverseR0 = 1f / r0;
            for (var i = 0; i < sample.Length; i++)
            {
                var d0 = _currentOutput[i];
                var d1 = inverseR0 * (d0 - _previousOutput[i]);
                sample[i] = (sampleCoeff * sample[i]) - (outputCoeff * d0) - (0.5f * outputCoeff * d1);
            }
        }

        if (_lowerOrderNums < 2)
        {
            _lowerOrderNums++;
        }

        _stepIndex = index + 1;
    }

    public override void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, float timestep, Span<float> destination)
    {
        var (alpha, sigma) = AlphaSigma(_sigmas[SigmaSchedule.IndexOf(Timesteps, timestep)]);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (alpha * original[i]) + (sigma * noise[i]);
        }
    }

    // _sigma_to_alpha_sigma_t: alpha = 1 / sqrt(sigma² + 1), sigma_t = sigma · alpha (float32).
    private static (float Alpha, float Sigma) AlphaSigma(float sigma)
    {
        var alpha = 1f / MathF.Sqrt((sigma * sigma) + 1f);
        return (alpha, sigma * alpha);
    }
}
