using Engine.Schedulers;

namespace Engine.Pipelines;

/// <summary>
/// Creates the per-batch noise source from the job's seeds. The pipeline calls it once per batch (and once per job
/// for the VAE posterior); the seeded-RNG implementation (torch CPU, Philox, A1111 variation and resize logic) plugs
/// in here.
/// </summary>
public interface INoiseSourceFactory
{
    /// <summary>A fresh noise source whose fills are <c>[Seeds.Count, Channels, LatentHeight, LatentWidth]</c>.</summary>
    INoiseSource Create(NoiseRequest request);
}
