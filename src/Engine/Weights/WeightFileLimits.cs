namespace Engine.Weights;

/// <summary>
/// Caps applied while reading untrusted weight files, so that a hostile file fails with a message instead of exhausting
/// memory. The defaults are far above what any Stable Diffusion checkpoint needs.
/// </summary>
public sealed record WeightFileLimits
{
    /// <summary>The defaults.</summary>
    public static WeightFileLimits Default { get; } = new();

    /// <summary>Largest safetensors JSON header (the real SD checkpoints have well under 1 MB).</summary>
    public long MaxSafetensorsHeaderBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Most entries in a PyTorch zip archive.</summary>
    public int MaxZipEntries { get; init; } = 100_000;

    /// <summary>Largest uncompressed <c>data.pkl</c>.</summary>
    public long MaxPickleBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Most values the unpickler may hold on its stack, memo and containers together.</summary>
    public int MaxPickleObjects { get; init; } = 10_000_000;

    /// <summary>Most dimensions of one tensor.</summary>
    public int MaxRank { get; init; } = 16;

    /// <summary>Largest shard index JSON (<c>*.index.json</c>).</summary>
    public long MaxIndexJsonBytes { get; init; } = 64L * 1024 * 1024;
}
