namespace Engine.Numerics;

/// <summary>
/// A1111's "NV" generator (<c>modules/rng_philox.py</c> <c>Generator</c>): Philox4x32-10 plus one Box–Muller value per
/// element, which reproduces torch's CUDA <c>randn</c> on any machine.
/// </summary>
/// <remarks>
/// Element i of a call uses counter <c>(offset, 0, i, 0)</c> and key <c>(seed low 32 bits, seed high 32 bits)</c>; each
/// call then advances the offset by one, whatever its size. Only the first two of the four outputs are used.
/// </remarks>
public sealed class PhiloxGenerator : INormalGenerator
{
    private const uint M0 = 0xD2511F53;
    private const uint M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9;
    private const uint W1 = 0xBB67AE85;
    private const int Rounds = 10;

    // rng_philox.py keeps these as float32 arrays; 2.3283064e-10 * 6.2831855 is a Python (double) product rounded once.
    private const float TwoPow32Inv = 2.3283064e-10f;
    private const float TwoPow32Inv2Pi = (float)(2.3283064e-10 * 6.2831855);

    private readonly uint _keyLow;
    private readonly uint _keyHigh;

    public PhiloxGenerator(ulong seed)
    {
        Seed = seed;
        _keyLow = (uint)seed;
        _keyHigh = (uint)(seed >> 32);
    }

    /// <summary>The seed this generator was created with.</summary>
    public ulong Seed { get; }

    /// <summary>Counter word 0 of the next call: the number of calls so far (wrapping as the uint32 counter does).</summary>
    public uint Offset { get; private set; }

    /// <inheritdoc/>
    public void Randn(Span<float> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            var (x, y) = Philox4x32(Offset, (uint)i, _keyLow, _keyHigh);
            destination[i] = BoxMuller(x, y);
        }

        Offset = unchecked(Offset + 1);
    }

    /// <summary>Outputs 0 and 1 of Philox4x32-10 for counter <c>(c0, 0, c2, 0)</c> and key <c>(k0, k1)</c>.</summary>
    internal static (uint X, uint Y) Philox4x32(uint c0, uint c2, uint k0, uint k1)
    {
        uint c1 = 0;
        uint c3 = 0;
        for (var round = 0; round < Rounds; round++)
        {
            if (round > 0)
            {
                k0 = unchecked(k0 + W0);
                k1 = unchecked(k1 + W1);
            }

            var p0 = (ulong)c0 * M0;
            var p2 = (ulong)c2 * M1;
            c0 = (uint)(p2 >> 32) ^ c1 ^ k0;
            c1 = (uint)p2;
            c2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c3 = (uint)p0;
        }

        return (c0, c1);
    }

    // rng_philox.py box_muller: a uint32 array times a float32 array promotes to float64 in numpy, so the transform
    // runs in double on the float32 constants and is rounded to float32 only at the end.
    internal static float BoxMuller(uint x, uint y)
    {
        var u = (x * (double)TwoPow32Inv) + (TwoPow32Inv / 2f);
        var v = (y * (double)TwoPow32Inv2Pi) + (TwoPow32Inv2Pi / 2f);
        var s = Math.Sqrt(-2.0 * Math.Log(u));
        return (float)(s * Math.Sin(v));
    }
}
