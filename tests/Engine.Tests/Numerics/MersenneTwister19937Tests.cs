using Engine.Numerics;

namespace Engine.Tests.Numerics;

public sealed class MersenneTwister19937Tests
{
    [Fact]
    public void NextUInt32_DefaultSeed_FirstOutputsAreStdMt19937s()
    {
        var engine = new MersenneTwister19937();

        Assert.Equal(3499211612u, engine.NextUInt32());
        Assert.Equal(581869302u, engine.NextUInt32());
        Assert.Equal(3890346734u, engine.NextUInt32());
    }

    [Fact]
    public void NextUInt32_DefaultSeed_TenThousandthOutputIsTheStandardsCheckValue()
    {
        // C++ [rand.predef]: the 10000th consecutive invocation of a default-constructed mt19937 produces 4123659995.
        var engine = new MersenneTwister19937(5489);
        uint value = 0;

        for (var i = 0; i < 10000; i++)
        {
            value = engine.NextUInt32();
        }

        Assert.Equal(4123659995u, value);
    }

    [Fact]
    public void NextUInt32_SeedAboveUInt32_UsesLow32BitsLikeTorch()
    {
        var low = new MersenneTwister19937(1234);
        var high = new MersenneTwister19937(1234 + (1UL << 32));

        for (var i = 0; i < 700; i++)
        {
            Assert.Equal(low.NextUInt32(), high.NextUInt32());
        }
    }
}
