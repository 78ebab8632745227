using Engine.Numerics;
using Engine.Schedulers;

namespace Engine.Pipelines;

/// <summary>
/// The real noise: one seeded generator per image (torch CPU, or A1111's philox for NV/GPU) with A1111's variation seed,
/// "resize seed from" and ENSD handling (<see cref="BatchNoiseSource"/>).
/// </summary>
public sealed class SeededNoiseSourceFactory : INoiseSourceFactory
{
    // The VAE posterior's noise has no A1111 equivalent to match (it comes from torch's global generator); it only has to
    // be reproducible and independent of the sampling noise, so it is drawn from the image seeds moved by this constant.
    internal const long VaePosteriorSeedOffset = 0x5EED_0FF5;

    public static SeededNoiseSourceFactory Instance { get; } = new();

    public INoiseSource Create(NoiseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Purpose == NoisePurpose.VaePosterior)
        {
            return new BatchNoiseSource(new ImageNoiseOptions
            {
                Seeds = request.Seeds.Select(seed => (seed + VaePosteriorSeedOffset) & 0xFFFF_FFFFL).ToArray(),
                Source = request.Source,
                Channels = request.Channels,
                LatentHeight = request.LatentHeight,
                LatentWidth = request.LatentWidth,
            });
        }

        return new BatchNoiseSource(new ImageNoiseOptions
        {
            Seeds = request.Seeds,
            Subseeds = request.Subseeds,
            SubseedStrength = request.SubseedStrength,
            SeedResizeFromWidth = request.SeedResizeFromWidth,
            SeedResizeFromHeight = request.SeedResizeFromHeight,
            EtaNoiseSeedDelta = request.UsesEtaNoiseSeedDelta ? request.EtaNoiseSeedDelta : 0,
            Source = request.Source,
            Channels = request.Channels,
            LatentHeight = request.LatentHeight,
            LatentWidth = request.LatentWidth,
        });
    }
}
