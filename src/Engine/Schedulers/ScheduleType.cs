namespace Engine.Schedulers;

/// <summary>AUTOMATIC1111's "Schedule type" (modules/sd_schedulers.py): how the sampler's noise levels are spaced.</summary>
public enum ScheduleType
{
    /// <summary>The sampler's default (e.g. Karras for DPM++ 2M); otherwise the model's own discrete sigmas.</summary>
    Automatic,

    /// <summary>Evenly spaced timesteps from the model's discrete schedule.</summary>
    Uniform,

    /// <summary>Karras et al. (2022) spacing with rho 7.</summary>
    Karras,

    /// <summary>Evenly spaced in log sigma.</summary>
    Exponential,

    /// <summary>Polyexponential with rho 1.</summary>
    Polyexponential,

    /// <summary>SGM's uniform spacing (timesteps evenly spaced, last one dropped).</summary>
    SgmUniform,
}
