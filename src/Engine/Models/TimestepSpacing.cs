namespace Engine.Models;

/// <summary>How inference timesteps are picked from the training range (diffusers <c>timestep_spacing</c>).</summary>
public enum TimestepSpacing
{
    /// <summary><c>leading</c>: multiples of the step ratio, plus <c>steps_offset</c> (SD 1/2 configs).</summary>
    Leading,

    /// <summary><c>trailing</c>: counted back from the last training step.</summary>
    Trailing,

    /// <summary><c>linspace</c>: evenly spaced from the last training step to 0, possibly fractional.</summary>
    Linspace,
}
