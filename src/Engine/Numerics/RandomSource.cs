namespace Engine.Numerics;

/// <summary>A1111's "Random number generator source" setting (<c>randn_source</c>).</summary>
public enum RandomSource
{
    /// <summary>
    /// A1111's default: <c>torch.randn</c> on the device. On NVIDIA that is Philox, so here it behaves as
    /// <see cref="Nv"/>; the infotext omits <c>RNG:</c> for it.
    /// </summary>
    Gpu,

    /// <summary><c>torch.randn</c> on the CPU (MT19937): <see cref="TorchCpuGenerator"/>.</summary>
    Cpu,

    /// <summary>A1111's <c>rng_philox</c> imitation of torch CUDA: <see cref="PhiloxGenerator"/>.</summary>
    Nv,
}
