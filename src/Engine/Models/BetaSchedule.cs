namespace Engine.Models;

/// <summary>How training betas are spaced (diffusers <c>beta_schedule</c>); ignored when <c>trained_betas</c> is given.</summary>
public enum BetaSchedule
{
    /// <summary><c>linear</c>: evenly spaced from beta_start to beta_end.</summary>
    Linear,

    /// <summary><c>scaled_linear</c>: evenly spaced square roots, then squared (Stable Diffusion).</summary>
    ScaledLinear,

    /// <summary><c>squaredcos_cap_v2</c>: the Glide cosine schedule, betas capped at 0.999.</summary>
    SquaredCosCapV2,
}
