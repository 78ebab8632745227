namespace Engine.Schedulers;

/// <summary>
/// AUTOMATIC1111's "UniPC" (v1.10.1 sd_samplers_timesteps_impl.py <c>unipc</c> driving
/// modules/models/diffusion/uni_pc/uni_pc.py): multistep UniPC with data prediction (predict_x0), B(h) variant, order
/// and time spacing from A1111's options, over the continuous-time view of the model's discrete schedule.
/// </summary>
/// <remarks>
/// As in A1111, txt2img runs as many steps as <see cref="A1111Timesteps.Get"/> returns timesteps (13 for 12 requested)
/// from t = 1 to t = 1/N, and img2img runs <c>t_enc</c> steps from the continuous time of <c>timesteps[t_enc − 1]</c>.
/// The schedule's scalars are computed in double precision (the reference computes them in float32).
/// </remarks>
/// <param name="variant">A1111 <c>uni_pc_variant</c> (default bh1).</param>
/// <param name="skipType">A1111 <c>uni_pc_skip_type</c> (default time_uniform).</param>
/// <param name="order">A1111 <c>uni_pc_order</c> (default 3), 1 to 3.</param>
/// <param name="lowerOrderFinal">A1111 <c>uni_pc_lower_order_final</c> (default true).</param>
public sealed class UniPcSampler(
    UniPcVariant variant = UniPcVariant.Bh1,
    UniPcSkipType skipType = UniPcSkipType.TimeUniform,
    int order = 3,
    bool lowerOrderFinal = true) : ISampler
{
    /// <inheritdoc />
    public string Name => "UniPC";

    /// <summary>The B(h) variant.</summary>
    public UniPcVariant Variant { get; } = variant;

    /// <summary>The time spacing.</summary>
    public UniPcSkipType SkipType { get; } = skipType;

    /// <summary>The solver order.</summary>
    public int Order { get; } = order is >= 1 and <= 3
        ? order
        : throw new ArgumentOutOfRangeException(nameof(order), order, "UniPC order must be 1, 2 or 3.");

    /// <summary>Whether the last steps lower the order.</summary>
    public bool LowerOrderFinal { get; } = lowerOrderFinal;

    /// <inheritdoc />
    public int ModelCallCount(SamplingRequest request) => A1111Timesteps.ForRequest(request).Sampled.Length;

    /// <inheritdoc />
    public void Sample(SamplingRequest request, Span<float> latents)
    {
        var (denoiser, timesteps) = A1111Timesteps.StartTxt2Img(request);
        Run(request, denoiser, latents, timesteps.Length, null);
    }

    /// <inheritdoc />
    public void SampleImg2Img(SamplingRequest request, Span<float> latents, ReadOnlySpan<float> noise)
    {
        var (all, timesteps, tEnc) = A1111Timesteps.ForRequest(request);
        if (timesteps.Length == 0)
        {
            throw new ArgumentException("UniPC img2img needs at least one step at this denoising strength.", nameof(request));
        }

        var denoiser = new TimestepDenoiser(request);
        A1111Timesteps.NoiseInitLatents(denoiser.AlphasCumprod, all[tEnc], latents, noise);

        // unipc(): t_start = timesteps[-1] / 1000 + 1 / 1000 on the int64 tensor, i.e. in float32.
        var tStart = ((float)timesteps[^1] / 1000f) + (float)(1.0 / 1000);
        Run(request, denoiser, latents, timesteps.Length, tStart);
    }

    private void Run(SamplingRequest request, TimestepDenoiser model, Span<float> x, int steps, double? tStart)
    {
        if (steps < Order)
        {
            throw new ArgumentException(
                $"UniPC order {Order} needs at least {Order} sampling steps; this run has {steps}.", nameof(request));
        }

        var schedule = new UniPcNoiseSchedule(model.AlphasCumprod);
        var times = TimeSteps(schedule, tStart ?? 1.0, 1.0 / schedule.TotalN, steps);
        var n = x.Length;
        var solver = new Solver(this, model, schedule, n);

        solver.DataPrediction(x, times[0], solver.ModelPrev[0]);
        solver.TimePrev[0] = times[0];
        solver.Count = 1;
        var callbackIndex = 0;
        for (var initOrder = 1; initOrder < Order; initOrder++)
        {
            var modelX = solver.ModelPrev[solver.Count];
            solver.Update(x, times[initOrder], initOrder, useCorrector: true, modelX);
            request.OnStep?.Invoke(new SamplerStep(callbackIndex++, steps, x, modelX));
            solver.TimePrev[solver.Count] = times[initOrder];
            solver.Count++;
        }

        for (var step = Order; step <= steps; step++)
        {
            var stepOrder = LowerOrderFinal ? Math.Min(Order, steps + 1 - step) : Order;
            var useCorrector = step != steps;
            solver.Update(x, times[step], stepOrder, useCorrector, solver.Scratch);

            // With no corrector (the last step) there is no model output: preview the latents themselves.
            request.OnStep?.Invoke(new SamplerStep(callbackIndex++, steps, x, useCorrector ? solver.Scratch : x));
            solver.Shift(times[step], keepModelOutput: step < steps);
        }
    }

    private double[] TimeSteps(UniPcNoiseSchedule schedule, double tT, double t0, int steps)
    {
        var times = new double[steps + 1];
        for (var i = 0; i <= steps; i++)
        {
            var fraction = (double)i / steps;
            times[i] = SkipType switch
            {
                UniPcSkipType.TimeUniform => tT + ((t0 - tT) * fraction),
                UniPcSkipType.TimeQuadratic => Math.Pow(Math.Sqrt(tT) + ((Math.Sqrt(t0) - Math.Sqrt(tT)) * fraction), 2),
                _ => schedule.InverseLambda(schedule.Lambda(tT) + ((schedule.Lambda(t0) - schedule.Lambda(tT)) * fraction)),
            };

            // torch.linspace builds the times in float32.
            times[i] = (float)times[i];
        }

        return times;
    }

    /// <summary>The multistep state: previous data predictions and their times (newest last).</summary>
    private sealed class Solver
    {
        private readonly UniPcSampler _owner;
        private readonly TimestepDenoiser _model;
        private readonly UniPcNoiseSchedule _schedule;
        private readonly float[] _eps;
        private readonly float[] _xBase;
        private readonly float[] _xPredicted;

        public Solver(UniPcSampler owner, TimestepDenoiser model, UniPcNoiseSchedule schedule, int length)
        {
            _owner = owner;
            _model = model;
            _schedule = schedule;
            ModelPrev = new float[owner.Order][];
            for (var i = 0; i < owner.Order; i++)
            {
                ModelPrev[i] = new float[length];
            }

            TimePrev = new double[owner.Order];
            Scratch = new float[length];
            _eps = new float[length];
            _xBase = new float[length];
            _xPredicted = new float[length];
        }

        public float[][] ModelPrev { get; }

        public double[] TimePrev { get; }

        public int Count { get; set; }

        public float[] Scratch { get; private set; }

        /// <summary>data_prediction_fn: x0 = (x − σ_t ε) / α_t, the model called at (t − 1/N)·1000.</summary>
        public void DataPrediction(ReadOnlySpan<float> x, double t, Span<float> x0)
        {
            var timeF = (float)t;
            var modelTime = (timeF - (float)(1.0 / _schedule.TotalN)) * 1000f;
            _model.PredictEpsilon(x, modelTime, _eps);
            var alpha = _schedule.Alpha(t);
            var sigma = _schedule.Std(t);
            for (var i = 0; i < x.Length; i++)
            {
                x0[i] = (float)((x[i] - (sigma * _eps[i])) / alpha);
            }
        }

        /// <summary>uni_pc.py <c>multistep_uni_pc_bh_update</c> with predict_x0; writes the corrector's model output.</summary>
        public void Update(Span<float> x, double t, int order, bool useCorrector, float[] modelOut)
        {
            var s = _schedule;
            var last = Count - 1;
            var tPrev0 = TimePrev[last];
            var lambdaPrev0 = s.Lambda(tPrev0);
            var lambdaT = s.Lambda(t);
            var model0 = ModelPrev[last];
            var sigmaPrev0 = s.Std(tPrev0);
            var sigmaT = s.Std(t);
            var alphaT = s.Alpha(t);
            var h = lambdaT - lambdaPrev0;

            var rks = new double[order];
            for (var i = 1; i < order; i++)
            {
                rks[i - 1] = (s.Lambda(TimePrev[last - i]) - lambdaPrev0) / h;
            }

            rks[order - 1] = 1;

            var hh = -h;
            var hPhi1 = Math.Exp(hh) - 1;
            var hPhiK = (hPhi1 / hh) - 1;
            var factorial = 1.0;
            var bH = _owner.Variant == UniPcVariant.Bh1 ? hh : Math.Exp(hh) - 1;
            var r = new double[order, order];
            var b = new double[order];
            for (var i = 1; i <= order; i++)
            {
                for (var j = 0; j < order; j++)
                {
                    r[i - 1, j] = Math.Pow(rks[j], i - 1);
                }

                b[i - 1] = hPhiK * factorial / bH;
                factorial *= i + 1;
                hPhiK = (hPhiK / hh) - (1 / factorial);
            }

            var previous = order - 1;
            var rhosPredictor = previous == 0 ? [] : order == 2 ? [0.5] : Solve(r, b, previous);
            var rhosCorrector = !useCorrector ? [] : order == 1 ? [0.5] : Solve(r, b, order);

            var sampleCoeff = sigmaT / sigmaPrev0;
            var modelCoeff = alphaT * hPhi1;
            var residualCoeff = alphaT * bH;
            for (var j = 0; j < x.Length; j++)
            {
                var m0 = model0[j];
                var xBase = (sampleCoeff * x[j]) - (modelCoeff * m0);
                double predicted = 0;
                for (var k = 0; k < previous; k++)
                {
                    predicted += rhosPredictor[k] * (ModelPrev[last - 1 - k][j] - m0) / rks[k];
                }

                _xBase[j] = (float)xBase;
                _xPredicted[j] = (float)(xBase - (residualCoeff * predicted));
            }

            if (!useCorrector)
            {
                _xPredicted.CopyTo(x);
                return;
            }

            DataPrediction(_xPredicted, t, modelOut);
            for (var j = 0; j < x.Length; j++)
            {
                var m0 = model0[j];
                double corrected = 0;
                for (var k = 0; k < previous; k++)
                {
                    corrected += rhosCorrector[k] * (ModelPrev[last - 1 - k][j] - m0) / rks[k];
                }

                corrected += rhosCorrector[order - 1] * (modelOut[j] - m0);
                x[j] = (float)(_xBase[j] - (residualCoeff * corrected));
            }
        }

        /// <summary>Drops the oldest history entry and appends (t, the scratch model output).</summary>
        public void Shift(double t, bool keepModelOutput)
        {
            var order = ModelPrev.Length;
            var oldest = ModelPrev[0];
            for (var i = 0; i < order - 1; i++)
            {
                TimePrev[i] = TimePrev[i + 1];
                ModelPrev[i] = ModelPrev[i + 1];
            }

            TimePrev[order - 1] = t;
            if (keepModelOutput)
            {
                ModelPrev[order - 1] = Scratch;
                Scratch = oldest;
            }
            else
            {
                // The reference leaves the previous newest output in place; the run ends here anyway.
                ModelPrev[order - 1] = ModelPrev[order - 2 < 0 ? 0 : order - 2];
                Scratch = oldest;
            }
        }

        // Gaussian elimination with partial pivoting on the leading size×size block (torch.linalg.solve).
        private static double[] Solve(double[,] matrix, double[] rhs, int size)
        {
            var a = new double[size, size + 1];
            for (var i = 0; i < size; i++)
            {
                for (var j = 0; j < size; j++)
                {
                    a[i, j] = matrix[i, j];
                }

                a[i, size] = rhs[i];
            }

            for (var col = 0; col < size; col++)
            {
                var pivot = col;
                for (var row = col + 1; row < size; row++)
                {
                    if (Math.Abs(a[row, col]) > Math.Abs(a[pivot, col]))
                    {
                        pivot = row;
                    }
                }

                for (var j = 0; j <= size; j++)
                {
                    (a[col, j], a[pivot, j]) = (a[pivot, j], a[col, j]);
                }

                for (var row = col + 1; row < size; row++)
                {
                    var factor = a[row, col] / a[col, col];
                    for (var j = col; j <= size; j++)
                    {
                        a[row, j] -= factor * a[col, j];
                    }
                }
            }

            var solution = new double[size];
            for (var i = size - 1; i >= 0; i--)
            {
                var sum = a[i, size];
                for (var j = i + 1; j < size; j++)
                {
                    sum -= a[i, j] * solution[j];
                }

                solution[i] = sum / a[i, i];
            }

            return solution;
        }
    }
}
