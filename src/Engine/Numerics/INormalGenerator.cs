namespace Engine.Numerics;

/// <summary>A seeded stream of standard normal float32 values, consumed one <c>randn</c> call at a time.</summary>
/// <remarks>
/// A call is a unit: torch's CPU generator and A1111's Philox generator both give different numbers for one call of
/// 2n values than for two calls of n, so callers must draw with the same call sizes as the reference.
/// </remarks>
public interface INormalGenerator
{
    /// <summary>Fills <paramref name="destination"/> as one <c>torch.randn</c> call of that many values (C order) would.</summary>
    void Randn(Span<float> destination);
}
