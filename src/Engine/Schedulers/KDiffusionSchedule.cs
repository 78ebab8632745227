namespace Engine.Schedulers;

/// <summary>The noise levels one k-diffusion run steps through, and the schedule type they came from.</summary>
/// <param name="Sigmas">All noise levels of the schedule for the requested steps, descending, ending in 0.</param>
/// <param name="Start">Index in <paramref name="Sigmas"/> where sampling starts (img2img truncation; 0 for txt2img).</param>
/// <param name="ScheduleType">The schedule type actually used (Automatic resolved to the sampler's default).</param>
public sealed record KDiffusionSchedule(float[] Sigmas, int Start, ScheduleType ScheduleType)
{
    /// <summary>The label A1111 writes as "Schedule type": the resolved type, or "Automatic" for the discrete sigmas.</summary>
    public string Label => ScheduleTypeNames.Label(ScheduleType);

    /// <summary>The levels this run visits (<c>sigma_sched</c>): from <see cref="Start"/> to the final 0.</summary>
    public ReadOnlySpan<float> Run => Sigmas.AsSpan(Start);

    /// <summary>Sampling steps of the run.</summary>
    public int Steps => Sigmas.Length - Start - 1;
}
