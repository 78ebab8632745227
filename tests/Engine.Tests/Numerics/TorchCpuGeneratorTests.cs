using System.Text.Json;
using Engine.Numerics;
using Engine.Tests.Support;

namespace Engine.Tests.Numerics;

public sealed class TorchCpuGeneratorTests
{
    [SkippableFact]
    public void Randn_Seed1234Shape1x4x32x32_EqualsInitLatentsBitForBit()
    {
        var expected = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "init_latents.npy")).AsFloats();
        var actual = new float[expected.Length];

        new TorchCpuGenerator(1234).Randn(actual);

        AssertBitEqual(expected, actual);
    }

    [SkippableFact]
    public void Randn_Seed1234Shape4x32x32_EqualsA1111InitNoiseBitForBit()
    {
        var folder = Fixtures.Path_("reference", "tiny-sd2", "a1111", "euler_eps");
        var expected = NpyArray.Load(Path.Combine(folder, "init_noise.npy")).AsFloats();
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "meta.json")));
        Assert.Equal("CPU", meta.RootElement.GetProperty("rng_source").GetString());
        Assert.All(meta.RootElement.GetProperty("rng_cross_checks").EnumerateObject(), check => Assert.True(check.Value.GetBoolean(), check.Name));
        var actual = new float[expected.Length];

        new TorchCpuGenerator((ulong)meta.RootElement.GetProperty("seed").GetInt64()).Randn(actual);

        AssertBitEqual(expected, actual);
    }

    // Values torch prints (4 decimals) for torch.manual_seed(s); torch.randn(shape): the shapes below 16 values take
    // the scalar double path, 4x4 the vectorised one.
    [Theory]
    [InlineData(0UL, new[] { 1.5410 })]
    [InlineData(0UL, new[] { 1.5410, -0.2934, -2.1788, 0.5684, -1.0845, -1.3986 })]
    [InlineData(42UL, new[] { 0.3367, 0.1288, 0.2345, 0.2303, -1.1229, -0.1863 })]
    [InlineData(0UL, new[]
    {
        -1.1258, -1.1524, -0.2506, -0.4339, 0.8487, 0.6920, -0.3160, -2.1152,
        0.3223, -1.2633, 0.3500, 0.3081, 0.1198, 1.2377, 1.1168, -0.2473,
    })]
    public void Randn_WellKnownTorchPrintouts_MatchToFourDecimals(ulong seed, double[] expected)
    {
        var actual = new float[expected.Length];

        new TorchCpuGenerator(seed).Randn(actual);

        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 5e-5, $"index {i}: {actual[i]} vs {expected[i]}");
        }
    }

    // Bit patterns printed by torch 2.11.0 (x86-64, CPU capability AVX512, which runs the AVX2 normal kernel) for
    // torch.randn(n, generator=torch.Generator().manual_seed(seed)): 15 values take the scalar path, 17 the vectorised
    // path with a recomputed tail, 33 two blocks plus a tail.
    public static TheoryData<ulong, uint[]> TorchPrintedBits => new()
    {
        { 77, [0xBEB6B370, 0x3F19C93A, 0xBF326039, 0xBF063187, 0x3F689DAC, 0xBFD237E9, 0x3EEAA9E9, 0xBE019E71, 0x3E6BB7A7, 0x3B1BC7E7, 0xBF4F4541, 0x3FADABF9, 0xBF2E0531, 0xBDB46E68, 0xBF9A2A35] },
        { 3, [0xBD9CF7AF, 0x3F6E5E2C, 0xBF03B3C8, 0xBFD369C6, 0x3F85E413, 0x3F05AE0C, 0xBE2AD005, 0x3D59398D, 0x3ECF28AB, 0x40106B6F, 0x3FEF43EA, 0xBF98FD70, 0x3F7F77D8, 0x3EEB19B3, 0x401BEDEE, 0xBE1654E2, 0x3EF860DD] },
        { 9, [0xBF88A064, 0xBF379D64, 0x3F8B7BEC, 0xBFC98F3C, 0x3FB916E4, 0x3F1E7F04, 0xBF461080, 0xC01DCBD3, 0x3F7F2F5F, 0x3EE7A56B, 0xBEB1564E, 0xBF397876, 0x3FDA5C78, 0x400E9B1F, 0xBD8ABE1B, 0x3E6EA987, 0xBF92585B, 0x3F704F71, 0x3E878DB1, 0xBF4D00A8, 0x3EC03BD3, 0xBE2E0DC9, 0x3EE5CFEE, 0x3F25B3B6, 0x3EB7569E, 0x3FCB5A96, 0xBFCB332B, 0xBF226FF0, 0x3F26E4E0, 0xBFA7B7D8, 0x3FE68A65, 0xBF74C951, 0xC0153EB8] },
    };

    [Theory]
    [MemberData(nameof(TorchPrintedBits))]
    public void Randn_TorchPrintedBits_MatchBitForBit(ulong seed, uint[] expectedBits)
    {
        var actual = new float[expectedBits.Length];

        new TorchCpuGenerator(seed).Randn(actual);

        AssertBitEqual(Array.ConvertAll(expectedBits, b => BitConverter.UInt32BitsToSingle(b)), actual);
    }

    [Fact]
    public void Randn_CallSequenceOnOneGenerator_MatchesTorchBitForBit()
    {
        // torch 2.11.0: g = manual_seed(11); randn(1), randn(16), randn(1), randn(3), randn(2) on g. The third call returns
        // the sine value cached by the first, the fourth starts a new pair and leaves one cached for the fifth.
        uint[][] expected =
        [
            [0x3F3CD549],
            [0xBE39E96A, 0xBFBFA52C, 0x3E1183DA, 0xBF063760, 0x3F855FBB, 0x3E123EAB, 0x3E85E52E, 0x3E2BA310, 0x3FA7EA26, 0x3EB450DB, 0xBFA855FE, 0xBC02F1BD, 0x3F484991, 0xC011525D, 0xBF3F7069, 0xBFDE896C],
            [0x3FF91435],
            [0x3FC026ED, 0xBEA08CBA, 0xBE6FE83F],
            [0xBF8920A9, 0x3E28C0EC],
        ];
        var generator = new TorchCpuGenerator(11);

        foreach (var call in expected)
        {
            var actual = new float[call.Length];
            generator.Randn(actual);
            AssertBitEqual(Array.ConvertAll(call, b => BitConverter.UInt32BitsToSingle(b)), actual);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(15)]
    public void Randn_FewerThan16_IsTheScalarDoublePathCastToFloat(int count)
    {
        var actual = new float[count];
        new TorchCpuGenerator(77).Randn(actual);

        // at::normal_distribution<double> by hand: u = (random64 & (2^53 - 1)) / 2^53, cos value first, sin value cached.
        var source = new TorchCpuGenerator(77);
        var expected = new List<float>();
        while (expected.Count < count)
        {
            var u1 = (source.NextUInt64() & ((1UL << 53) - 1)) / 9007199254740992.0;
            var u2 = (source.NextUInt64() & ((1UL << 53) - 1)) / 9007199254740992.0;
            var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - u2));
            expected.Add((float)(radius * Math.Cos(2.0 * Math.PI * u1)));
            expected.Add((float)(radius * Math.Sin(2.0 * Math.PI * u1)));
        }

        AssertBitEqual(expected.Take(count).ToArray(), actual);
    }

    [Fact]
    public void Randn_16Values_DrawsOne32BitWordPerValue()
    {
        var generator = new TorchCpuGenerator(5);
        generator.Randn(new float[16]);
        var reference = new TorchCpuGenerator(5);
        for (var i = 0; i < 16; i++)
        {
            reference.NextUInt32();
        }

        Assert.Equal(reference.NextUInt32(), generator.NextUInt32());
    }

    [Fact]
    public void Randn_32Values_IsTwoIndependentBlocksOf16()
    {
        var whole = new float[32];
        new TorchCpuGenerator(9).Randn(whole);
        var first = new float[16];
        new TorchCpuGenerator(9).Randn(first);
        var skipped = new TorchCpuGenerator(9);
        Skip(skipped, 16);
        var second = new float[16];
        skipped.Randn(second);

        AssertBitEqual(first, whole.AsSpan(0, 16));
        AssertBitEqual(second, whole.AsSpan(16));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(20)]
    [InlineData(31)]
    [InlineData(4095)]
    public void Randn_NotAMultipleOf16_RecomputesTheLast16FromFreshUniforms(int count)
    {
        var actual = new float[count];
        new TorchCpuGenerator(3).Randn(actual);

        // The full blocks use uniforms 0..16k-1; uniforms 16k..count-1 are drawn and then discarded, and the last 16
        // values are one block of the next 16 uniforms.
        var fullBlocks = count / 16 * 16;
        var head = new float[fullBlocks];
        new TorchCpuGenerator(3).Randn(head);
        var tailSource = new TorchCpuGenerator(3);
        Skip(tailSource, count);
        var tail = new float[16];
        tailSource.Randn(tail);

        AssertBitEqual(head.AsSpan(0, count - 16), actual.AsSpan(0, count - 16));
        AssertBitEqual(tail, actual.AsSpan(count - 16));
    }

    [Fact]
    public void Randn_SuccessiveScalarCalls_ContinueTheCachedSecondValue()
    {
        var pair = new float[2];
        new TorchCpuGenerator(11).Randn(pair);
        var generator = new TorchCpuGenerator(11);
        var first = new float[1];
        var second = new float[1];

        generator.Randn(first);
        generator.Randn(new float[16]); // the vectorised path neither reads nor clears the cache
        generator.Randn(second);

        Assert.Equal(pair[0], first[0]);
        Assert.Equal(pair[1], second[0]);
    }

    [Fact]
    public void Randn_SuccessiveCalls_ContinueTheStream()
    {
        // A1111's sampler draws continue the seed's generator after the initial noise.
        var generator = new TorchCpuGenerator(1234);
        generator.Randn(new float[4096]);
        var next = new float[4096];
        generator.Randn(next);

        var reference = new TorchCpuGenerator(1234);
        Skip(reference, 4096);
        var expected = new float[4096];
        reference.Randn(expected);

        AssertBitEqual(expected, next);
    }

    private static void Skip(TorchCpuGenerator generator, int words)
    {
        for (var i = 0; i < words; i++)
        {
            generator.NextUInt32();
        }
    }

    internal static void AssertBitEqual(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"index {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
