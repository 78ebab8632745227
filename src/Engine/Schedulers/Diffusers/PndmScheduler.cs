using Engine.Models;

namespace Engine.Schedulers.Diffusers;

/// <summary>
/// diffusers 0.25.1 <c>PNDMScheduler</c> (scheduling_pndm.py): PLMS steps (<c>skip_prk_steps</c>, as SD uses it,
/// with the second timestep repeated) or, without skipping, 12 Runge–Kutta (PRK) calls over the last four timesteps first.
/// </summary>
internal sealed class PndmScheduler : DiffusersScheduler
{
    private const int PndmOrder = 4;

    private int[] _prkTimesteps = [];
    private int _steps;
    private int _counter;
    private float[]? _curModelOutput;
    private float[]? _curSample;
    private readonly List<float[]> _ets = [];
    private float[]? _combined;

    public PndmScheduler(SchedulerConfig config)
        : base(config)
    {
        if (config.PredictionType == PredictionType.Sample)
        {
            throw new NotSupportedException("PNDMScheduler supports prediction_type epsilon and v_prediction only.");
        }
    }

    private float FinalAlphaCumprod => Config.SetAlphaToOne ? 1f : AlphasCumprod[0];

    public override void SetTimesteps(int steps)
    {
        var train = TrainTimesteps;
        if (steps < 1 || steps > train)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"Steps must be between 1 and {train}.");
        }

        _steps = steps;

        // self._timesteps, ascending.
        long[] ascending;
        switch (Config.TimestepSpacing)
        {
            case TimestepSpacing.Linspace:
                ascending = Array.ConvertAll(DiffusersTimesteps.Linspace(0, train - 1, steps), v => (long)Math.Round(v));
                break;
            case TimestepSpacing.Leading:
                ascending = new long[steps];
                for (var i = 0; i < steps; i++)
                {
                    ascending[i] = ((long)i * (train / steps)) + Config.StepsOffset;
                }

                break;
            default:
                var values = DiffusersTimesteps.Arange(train, 0, -(double)train / steps);
                Array.Reverse(values);
                ascending = Array.ConvertAll(values, v => (long)Math.Round(v) - 1);
                break;
        }

        List<long> prk = [];
        List<long> plms = [];
        if (Config.SkipPrkSteps)
        {
            plms.AddRange(ascending[..^1]);
            plms.AddRange(ascending[^2..^1]);
            plms.Add(ascending[^1]);
            plms.Reverse();
        }
        else
        {
            // prk = _timesteps[-4:].repeat(2) + tile([0, N // n // 2], 4); then prk[:-1].repeat(2)[1:-1], reversed.
            var last = ascending[Math.Max(ascending.Length - PndmOrder, 0)..];
            var half = train / steps / 2;
            List<long> repeated = [];
            for (var i = 0; i < last.Length; i++)
            {
                repeated.Add(last[i]);
                repeated.Add(last[i] + half);
            }

            List<long> doubled = [];
            for (var i = 0; i < repeated.Count - 1; i++)
            {
                doubled.Add(repeated[i]);
                doubled.Add(repeated[i]);
            }

            prk.AddRange(doubled.Count >= 2 ? doubled[1..^1] : []);
            prk.Reverse();
            plms.AddRange(ascending[..Math.Max(ascending.Length - 3, 0)]);
            plms.Reverse();
        }

        _prkTimesteps = prk.Select(v => (int)v).ToArray();
        Timesteps = prk.Concat(plms).Select(v => (float)v).ToArray();
        _ets.Clear();
        _counter = 0;
        _curModelOutput = null;
        _curSample = null;
    }

    public override void Step(
        ReadOnlySpan<float> modelOutput, float timestep, Span<float> sample, Span<float> denoised, INoiseSource noise)
    {
        var t = (int)timestep;
        PredictOriginal(modelOutput, sample, AlphasCumprod[t], denoised);
        if (_counter < _prkTimesteps.Length && !Config.SkipPrkSteps)
        {
            StepPrk(modelOutput, t, sample);
        }
        else
        {
            StepPlms(modelOutput, t, sample);
        }
    }

    public override void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, float timestep, Span<float> destination) =>
        AddNoiseAlphaCumprod(original, noise, (int)timestep, destination);

    // diffusers keeps every past model output in `ets` but only ever reads the last four: keep four buffers and reuse
    // the oldest, so a step allocates nothing.
    private void Remember(ReadOnlySpan<float> modelOutput)
    {
        float[] buffer;
        if (_ets.Count == 4)
        {
            buffer = _ets[0];
            _ets.RemoveAt(0);
        }
        else
        {
            buffer = new float[modelOutput.Length];
        }

        modelOutput.CopyTo(buffer);
        _ets.Add(buffer);
    }

    private void StepPrk(ReadOnlySpan<float> modelOutput, int timestep, Span<float> sample)
    {
        var n = sample.Length;
        var diffToPrev = _counter % 2 != 0 ? 0 : TrainTimesteps / _steps / 2;
        var prevTimestep = timestep - diffToPrev;
        timestep = _prkTimesteps[_counter / 4 * 4];
        _curModelOutput ??= new float[n];
        _combined ??= new float[n];
        ReadOnlySpan<float> output = modelOutput;
        switch (_counter % 4)
        {
            case 0:
                Accumulate(_curModelOutput, 1f / 6, modelOutput);
                Remember(modelOutput);
                _curSample = sample.ToArray();
                break;
            case 1:
            case 2:
                Accumulate(_curModelOutput, 1f / 3, modelOutput);
                break;
            default:
                for (var i = 0; i < n; i++)
                {
                    _combined[i] = _curModelOutput[i] + ((1f / 6) * modelOutput[i]);
                }

                Array.Clear(_curModelOutput);
                output = _combined;
                break;
        }

        if (_curSample is not null)
        {
            _curSample.CopyTo(sample);
        }

        PreviousSample(sample, timestep, prevTimestep, output);
        _counter++;
    }

    private void StepPlms(ReadOnlySpan<float> modelOutput, int timestep, Span<float> sample)
    {
        var n = sample.Length;
        if (!Config.SkipPrkSteps && _ets.Count < 3)
        {
            throw new InvalidOperationException("PNDMScheduler runs PLMS steps only after 12 PRK steps.");
        }

        var stride = TrainTimesteps / _steps;
        var prevTimestep = timestep - stride;
        if (_counter != 1)
        {
            Remember(modelOutput);
        }
        else
        {
            prevTimestep = timestep;
            timestep += stride;
        }

        _combined ??= new float[n];
        var e = _ets;
        var count = e.Count;
        ReadOnlySpan<float> output;
        if (count == 1 && _counter == 0)
        {
            output = modelOutput;
            _curSample = sample.ToArray();
        }
        else if (count == 1 && _counter == 1)
        {
            for (var i = 0; i < n; i++)
            {
                _combined[i] = (modelOutput[i] + e[^1][i]) / 2;
            }

            output = _combined;
            _curSample!.CopyTo(sample);
            _curSample = null;
        }
        else if (count == 2)
        {
            for (var i = 0; i < n; i++)
            {
                _combined[i] = ((3 * e[^1][i]) - e[^2][i]) / 2;
            }

            output = _combined;
        }
        else if (count == 3)
        {
            for (var i = 0; i < n; i++)
            {
                _combined[i] = ((23 * e[^1][i]) - (16 * e[^2][i]) + (5 * e[^3][i])) / 12;
            }

            output = _combined;
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                _combined[i] = (1f / 24) * ((55 * e[^1][i]) - (59 * e[^2][i]) + (37 * e[^3][i]) - (9 * e[^4][i]));
            }

            output = _combined;
        }

        PreviousSample(sample, timestep, prevTimestep, output);
        _counter++;
    }

    // scheduling_pndm.py _get_prev_sample: formula (9) of the PNDM paper, float32.
    private void PreviousSample(Span<float> sample, int timestep, int prevTimestep, ReadOnlySpan<float> modelOutput)
    {
        var alphaProdT = AlphasCumprod[timestep];
        var alphaProdTPrev = prevTimestep >= 0 ? AlphasCumprod[prevTimestep] : FinalAlphaCumprod;
        var betaProdT = 1f - alphaProdT;
        var betaProdTPrev = 1f - alphaProdTPrev;
        var isV = Config.PredictionType == PredictionType.VPrediction;
        var sqrtAlphaT = MathF.Sqrt(alphaProdT);
        var sqrtBetaT = MathF.Sqrt(betaProdT);
        var sampleCoeff = MathF.Sqrt(alphaProdTPrev / alphaProdT);
        var denominator = (alphaProdT * MathF.Sqrt(betaProdTPrev)) + MathF.Sqrt(alphaProdT * betaProdT * alphaProdTPrev);
        var difference = alphaProdTPrev - alphaProdT;
        for (var i = 0; i < sample.Length; i++)
        {
            var output = isV ? (sqrtAlphaT * modelOutput[i]) + (sqrtBetaT * sample[i]) : modelOutput[i];
            sample[i] = (sampleCoeff * sample[i]) - (difference * output / denominator);
        }
    }

    private static void Accumulate(float[] target, float weight, ReadOnlySpan<float> values)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] += weight * values[i];
        }
    }
}
