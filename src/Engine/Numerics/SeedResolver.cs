using System.Globalization;
using System.Security.Cryptography;

namespace Engine.Numerics;

/// <summary>A1111's seed rules (<c>processing.py</c> <c>get_fixed_seed</c> and the <c>all_seeds</c>/<c>all_subseeds</c> lists).</summary>
public static class SeedResolver
{
    /// <summary>The seed value that asks for a random seed.</summary>
    public const long RandomSeed = -1;

    /// <summary>Random seeds are drawn from [0, this), as <c>random.randrange(4294967294)</c>.</summary>
    public const long RandomSeedExclusiveMax = 4294967294;

    /// <summary>Returns <paramref name="seed"/>, or a fresh random seed for -1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Any other negative value (torch would remap it; we refuse it).</exception>
    public static long Resolve(long seed)
    {
        if (seed == RandomSeed)
        {
            return DrawRandomSeed();
        }

        Validate(seed, nameof(seed));
        return seed;
    }

    /// <summary>As <c>get_fixed_seed</c> on text: empty, missing or unparseable text means a random seed.</summary>
    public static long Resolve(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)
            || !long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
        {
            return DrawRandomSeed();
        }

        return Resolve(seed);
    }

    /// <summary>
    /// Seed of every image over <c>batch_size × n_iter</c>: <c>seed + i</c>, or <paramref name="seed"/> for all when
    /// a variation seed is in use (<paramref name="subseedStrength"/> ≠ 0).
    /// </summary>
    public static long[] ImageSeeds(long seed, int count, double subseedStrength)
    {
        Validate(seed, nameof(seed));
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Enumerable.Range(0, count).Select(i => Offset(seed, subseedStrength == 0 ? i : 0)).ToArray();
    }

    /// <summary>Variation seed of every image: <c>subseed + i</c>.</summary>
    public static long[] ImageSubseeds(long subseed, int count)
    {
        Validate(subseed, nameof(subseed));
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Enumerable.Range(0, count).Select(i => Offset(subseed, i)).ToArray();
    }

    /// <summary>Throws unless <paramref name="seed"/> is a resolved seed (0 or more).</summary>
    public static void Validate(long seed, string paramName)
    {
        if (seed < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, seed, "A seed must be 0 or more (-1 is resolved to a random seed first).");
        }
    }

    /// <summary>Adds <paramref name="delta"/> to a seed, refusing to wrap past <see cref="long.MaxValue"/>.</summary>
    internal static long Offset(long seed, long delta)
    {
        try
        {
            return checked(seed + delta);
        }
        catch (OverflowException ex)
        {
            throw new ArgumentOutOfRangeException(nameof(seed), seed, $"Seed {seed} + {delta} does not fit in 64 bits: {ex.Message}");
        }
    }

    private static long DrawRandomSeed()
    {
        // Uniform over [0, 4294967294) by rejection: only the two largest 32-bit values are redrawn.
        Span<byte> bytes = stackalloc byte[4];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var value = BitConverter.ToUInt32(bytes);
            if (value < RandomSeedExclusiveMax)
            {
                return value;
            }
        }
    }
}
