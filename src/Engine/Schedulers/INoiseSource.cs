namespace Engine.Schedulers;

/// <summary>
/// Standard normal noise for a batch of latents, each image drawn from its own seeded generator (A1111's
/// <c>ImageRNG</c>), so any image of a batch can be reproduced alone.
/// </summary>
public interface INoiseSource
{
    /// <summary>Fills <paramref name="destination"/> (<c>[batch, 4, h, w]</c>) with the next draw of every image's generator.</summary>
    void Fill(Span<float> destination);
}
