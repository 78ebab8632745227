using Engine.Numerics;

namespace Engine.Tests.Numerics;

public sealed class PhiloxGeneratorTests
{
    // rng_philox.py's docstring: Generator(seed=0).randn(shape=(3, 4)). Its digits are a few float32 ulps (up to 2.6e-7)
    // from what the module's code computes today (numpy promotes the Box–Muller to float64; see the exact test below).
    private static readonly double[] s_seedZero3x4 =
    [
        -0.92466259, -0.42534415, -2.6438457, 0.14518388,
        -0.12086647, -0.57972564, -0.62285122, -0.32838709,
        -1.07454231, -0.36314407, -1.67105067, 2.26550497,
    ];

    [Fact]
    public void Randn_SeedZero3x4_MatchesA1111Docstring()
    {
        var actual = new float[12];

        new PhiloxGenerator(0).Randn(actual);

        for (var i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - s_seedZero3x4[i]) < 3e-7, $"index {i}: {actual[i]:R} vs {s_seedZero3x4[i]:R}");
        }
    }

    // The module's own algorithm run with numpy 2.5.2 (uint32 × float32 arrays promote to float64): exact float32 bits.
    public static TheoryData<ulong, int, uint[]> NumpyBits => new()
    {
        { 0, 0, [0xBF6CB6AD, 0xBED9C6AF, 0xC02934C5, 0x3E14AB15, 0xBDF788DC, 0xBF1468E7, 0xBF1F732F, 0xBEA8225C, 0xBF898A98, 0xBEB9EE06, 0xBFD5E4FB, 0x4010FE09] },
        { 1234, 1, [0x3F2211B7, 0x3FD1629D, 0xBEB114F2, 0x3F8280B5, 0xBED30B93, 0x3FB6C493, 0x3F7813BD, 0xBFCD8E25, 0x3EF332EE, 0x40020C58, 0x3F32F2FF, 0xBFC7B545, 0x3EA177D0, 0x3F3B09E2, 0x3F28D7FF, 0xC0081B0D, 0x3F4DF55E, 0x3D0A417D, 0xBDB43379, 0x3F231EB4] },
        { (1UL << 40) + 7, 3, [0x3EAE2A18, 0x3EF2237F, 0xBDE662EC, 0xBFFC7FC9, 0x3EBECAB3] },
    };

    [Theory]
    [MemberData(nameof(NumpyBits))]
    public void Randn_AtOffset_MatchesNumpyBitForBit(ulong seed, int earlierCalls, uint[] expectedBits)
    {
        var generator = new PhiloxGenerator(seed);
        for (var i = 0; i < earlierCalls; i++)
        {
            generator.Randn(new float[1]);
        }

        var actual = new float[expectedBits.Length];
        generator.Randn(actual);

        Assert.Equal((uint)(earlierCalls + 1), generator.Offset);
        TorchCpuGeneratorTests.AssertBitEqual(Array.ConvertAll(expectedBits, b => BitConverter.UInt32BitsToSingle(b)), actual);
    }

    [Fact]
    public void Randn_TwoCallsOfSix_DifferFromOneCallOfTwelve()
    {
        // Each call restarts the element counter at 0 with the next offset.
        var whole = new float[12];
        new PhiloxGenerator(5).Randn(whole);
        var generator = new PhiloxGenerator(5);
        var first = new float[6];
        var second = new float[6];

        generator.Randn(first);
        generator.Randn(second);

        Assert.Equal(whole[..6], first);
        Assert.NotEqual(whole[6..], second);
        Assert.Equal(PhiloxGenerator.BoxMuller(PhiloxGenerator.Philox4x32(1, 0, 5, 0).X, PhiloxGenerator.Philox4x32(1, 0, 5, 0).Y), second[0]);
    }
}
