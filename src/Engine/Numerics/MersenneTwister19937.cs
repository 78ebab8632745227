namespace Engine.Numerics;

/// <summary>
/// The 32-bit Mersenne Twister as torch's CPU generator runs it (ATen <c>core/MT19937RNGEngine.h</c>): the standard
/// MT19937 recurrence, seeded from the low 32 bits of a 64-bit seed, so its stream equals <c>std::mt19937(seed)</c>.
/// </summary>
public sealed class MersenneTwister19937
{
    private const int StateSize = 624;
    private const int ShiftSize = 397;
    private const uint MatrixA = 0x9908B0DF;
    private const uint UpperMask = 0x80000000;
    private const uint LowerMask = 0x7FFFFFFF;

    private readonly uint[] _state = new uint[StateSize];
    private int _next;

    /// <param name="seed">Only the low 32 bits count, as in torch (<c>init_with_uint32</c>); 5489 is the standard default.</param>
    public MersenneTwister19937(ulong seed = 5489)
    {
        _state[0] = (uint)seed;
        for (var j = 1; j < StateSize; j++)
        {
            var previous = _state[j - 1];
            _state[j] = unchecked((1812433253u * (previous ^ (previous >> 30))) + (uint)j);
        }

        // The first draw regenerates the whole state, as torch's `left_ = 1` does.
        _next = StateSize;
    }

    /// <summary>Next tempered 32-bit output.</summary>
    public uint NextUInt32()
    {
        if (_next >= StateSize)
        {
            Twist();
        }

        var y = _state[_next++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680;
        y ^= (y << 15) & 0xEFC60000;
        y ^= y >> 18;
        return y;
    }

    private void Twist()
    {
        for (var i = 0; i < StateSize; i++)
        {
            var mixed = (_state[i] & UpperMask) | (_state[(i + 1) % StateSize] & LowerMask);
            var shifted = mixed >> 1;
            if ((mixed & 1) != 0)
            {
                shifted ^= MatrixA;
            }

            _state[i] = _state[(i + ShiftSize) % StateSize] ^ shifted;
        }

        _next = 0;
    }
}
