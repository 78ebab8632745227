namespace Engine.Pipelines;

/// <summary>
/// AUTOMATIC1111's "Random number generator source" (opts <c>randn_source</c>; infotext <c>RNG:</c> when not GPU).
/// </summary>
public enum RngSource
{
    /// <summary>torch.randn on the GPU (A1111's default); on CUDA this is the Philox generator.</summary>
    Gpu,

    /// <summary>torch.randn on the CPU (MT19937).</summary>
    Cpu,

    /// <summary>A1111's CPU re-implementation of the CUDA Philox generator ("NV").</summary>
    NV,
}
