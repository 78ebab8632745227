namespace Engine.Schedulers;

/// <summary>How UniPC spaces its continuous times (A1111 option <c>uni_pc_skip_type</c>).</summary>
public enum UniPcSkipType
{
    /// <summary><c>time_uniform</c>: evenly spaced t (A1111's default).</summary>
    TimeUniform,

    /// <summary><c>time_quadratic</c>: evenly spaced sqrt(t), squared.</summary>
    TimeQuadratic,

    /// <summary><c>logSNR</c>: evenly spaced half-log-SNR lambda.</summary>
    LogSnr,
}
