namespace Engine.Schedulers;

/// <summary>
/// Sampler settings that A1111 keeps in its options (and an API request may override): eta for ancestral and DDIM
/// sampling, churn and noise for Euler/Heun/DPM2, and overrides of the sigma range and Karras rho.
/// </summary>
public sealed record SamplerOptions
{
    /// <summary>A1111's <c>eta_ancestral</c>: noise amount of the ancestral samplers (Euler a, DPM2 a, DPM++ 2S a, SDE samplers).</summary>
    public double EtaAncestral { get; init; } = 1.0;

    /// <summary>A1111's <c>eta_ddim</c>: DDIM's eta (0 = deterministic).</summary>
    public double EtaDdim { get; init; }

    /// <summary><c>s_churn</c> (0 = no extra noise).</summary>
    public double SChurn { get; init; }

    /// <summary><c>s_tmin</c>.</summary>
    public double STmin { get; init; }

    /// <summary><c>s_tmax</c>.</summary>
    public double STmax { get; init; } = double.PositiveInfinity;

    /// <summary><c>s_noise</c>.</summary>
    public double SNoise { get; init; } = 1.0;

    /// <summary>Override of the schedule's smallest sigma (A1111 <c>sigma_min</c>); null keeps the model's.</summary>
    public double? SigmaMin { get; init; }

    /// <summary>Override of the schedule's largest sigma (A1111 <c>sigma_max</c>); null keeps the model's.</summary>
    public double? SigmaMax { get; init; }

    /// <summary>Override of Karras rho (A1111 <c>rho</c>); null keeps 7.</summary>
    public double? Rho { get; init; }

    /// <summary>A1111 <c>always_discard_next_to_last_sigma</c>.</summary>
    public bool DiscardNextToLastSigma { get; init; }

    public static SamplerOptions Default { get; } = new();
}
