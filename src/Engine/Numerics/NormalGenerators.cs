namespace Engine.Numerics;

/// <summary>Creates the generator A1111's <c>rng.create_generator</c> would for a seed and source.</summary>
public static class NormalGenerators
{
    /// <summary>A fresh generator: its first <see cref="INormalGenerator.Randn"/> is the seed's first tensor.</summary>
    public static INormalGenerator Create(RandomSource source, long seed)
    {
        SeedResolver.Validate(seed, nameof(seed));
        return source switch
        {
            RandomSource.Cpu => new TorchCpuGenerator((ulong)seed),
            RandomSource.Gpu or RandomSource.Nv => new PhiloxGenerator((ulong)seed),
            _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown random source."),
        };
    }
}
