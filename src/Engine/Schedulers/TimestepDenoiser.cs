using Engine.Models;

namespace Engine.Schedulers;

/// <summary>
/// The guided model as AUTOMATIC1111's timestep samplers see it (sd_samplers_timesteps.py <c>CFGDenoiserTimesteps</c>
/// around <c>CompVisTimestepsDenoiser</c> / <c>CompVisTimestepsVDenoiser</c>): always an epsilon prediction, with a
/// v-prediction converted through ldm's <c>sqrt_alphas_cumprod</c> tables at the truncated integer timestep.
/// </summary>
internal sealed class TimestepDenoiser
{
    private readonly IDiffusionModel _model;
    private readonly CancellationToken _cancellation;
    private readonly float[] _sqrtAlphasCumprod;
    private readonly float[] _sqrtOneMinusAlphasCumprod;

    public TimestepDenoiser(SamplingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _model = request.Model;
        _cancellation = request.CancellationToken;
        if (_model.PredictionType == PredictionType.Sample)
        {
            throw new NotSupportedException(
                "AUTOMATIC1111's timestep samplers (DDIM, PLMS, UniPC) support epsilon and v-prediction models only, not prediction_type \"sample\".");
        }

        Schedule = NoiseSchedule.FromConfig(request.Scheduler);
        if (Schedule.TrainTimesteps != 1000)
        {
            // get_timesteps hard-codes range(0, 1000, ...), so other schedule lengths index outside the table.
            throw new NotSupportedException(
                $"AUTOMATIC1111's timestep samplers need a 1000-step training schedule; this model has {Schedule.TrainTimesteps}.");
        }

        // ldm register_schedule: np.sqrt of the float64 cumprod, then stored as float32.
        var n = Schedule.TrainTimesteps;
        _sqrtAlphasCumprod = new float[n];
        _sqrtOneMinusAlphasCumprod = new float[n];
        var product = 1.0;
        for (var i = 0; i < n; i++)
        {
            product *= 1.0 - Schedule.Betas[i];
            _sqrtAlphasCumprod[i] = (float)Math.Sqrt(product);
            _sqrtOneMinusAlphasCumprod[i] = (float)Math.Sqrt(1.0 - product);
        }
    }

    public NoiseSchedule Schedule { get; }

    /// <summary>ldm's float32 <c>alphas_cumprod</c>, the table A1111's samplers index.</summary>
    public float[] AlphasCumprod => Schedule.AlphasCumprodLdm;

    /// <summary>Checks cancellation, runs the model at <paramref name="timestep"/> and writes epsilon.</summary>
    public void PredictEpsilon(ReadOnlySpan<float> x, float timestep, Span<float> eps)
    {
        _cancellation.ThrowIfCancellationRequested();
        _model.Predict(x, timestep, eps);
        if (_model.PredictionType != PredictionType.VPrediction)
        {
            return;
        }

        // CompVisTimestepsVDenoiser.predict_eps_from_z_and_v indexes the tables with t.to(torch.int) (truncation).
        var index = (int)timestep;
        var a = _sqrtAlphasCumprod[index];
        var b = _sqrtOneMinusAlphasCumprod[index];
        for (var i = 0; i < eps.Length; i++)
        {
            eps[i] = (a * eps[i]) + (b * x[i]);
        }
    }
}
