using Engine.Models;

namespace Engine.Schedulers;

/// <summary>
/// k-diffusion's <c>CompVisDenoiser</c> (eps models) and <c>CompVisVDenoiser</c> (v models), k_diffusion/external.py:
/// turns the model's prediction at noise level sigma into the denoised latents. Inputs are scaled by
/// c_in = 1/sqrt(sigma² + 1) and the model runs at the fractional timestep <c>sigma_to_t(sigma)</c>;
/// eps: denoised = x + eps·(−sigma); v: denoised = v·(−sigma/sqrt(sigma² + 1)) + x·1/(sigma² + 1).
/// Owns its two work buffers, so a sampling run allocates them once.
/// </summary>
internal sealed class CompVisDenoiser
{
    private readonly IDiffusionModel _model;
    private readonly KDiffusionSigmas _sigmas;
    private readonly float[] _scaledInput;
    private readonly float[] _output;
    private readonly CancellationToken _cancellationToken;

    public CompVisDenoiser(IDiffusionModel model, KDiffusionSigmas sigmas, int length, CancellationToken cancellationToken)
    {
        _model = model;
        _sigmas = sigmas;
        if (model.PredictionType is not (PredictionType.Epsilon or PredictionType.VPrediction))
        {
            throw new NotSupportedException($"k-diffusion samplers need an epsilon or v-prediction model, not {model.PredictionType}.");
        }

        _scaledInput = new float[length];
        _output = new float[length];
        _cancellationToken = cancellationToken;
    }

    /// <summary>Model evaluations so far.</summary>
    public int Calls { get; private set; }

    /// <summary>Writes the denoised estimate of <paramref name="x"/> at noise level <paramref name="sigma"/>.</summary>
    /// <exception cref="OperationCanceledException">The run was cancelled; nothing was evaluated.</exception>
    public void Denoise(ReadOnlySpan<float> x, float sigma, Span<float> denoised)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var sigmaSquaredPlusOne = (sigma * sigma) + 1f;
        var cIn = 1f / KDiffusionFloat32.Sqrt(sigmaSquaredPlusOne);
        for (var i = 0; i < x.Length; i++)
        {
            _scaledInput[i] = x[i] * cIn;
        }

        _model.Predict(_scaledInput, _sigmas.SigmaToT(sigma), _output);
        Calls++;
        if (_model.PredictionType == PredictionType.Epsilon)
        {
            var cOut = -sigma;
            for (var i = 0; i < x.Length; i++)
            {
                denoised[i] = x[i] + (_output[i] * cOut);
            }
        }
        else
        {
            var cSkip = 1f / sigmaSquaredPlusOne;
            var cOut = -sigma / KDiffusionFloat32.Sqrt(sigmaSquaredPlusOne);
            for (var i = 0; i < x.Length; i++)
            {
                denoised[i] = (_output[i] * cOut) + (x[i] * cSkip);
            }
        }
    }
}
