using Engine.Numerics;
using Engine.Tests.Support;

namespace Engine.Tests.Numerics;

public sealed class BatchNoiseSourceTests
{
    private const int Channels = 4;
    private const int Height = 8;
    private const int Width = 8;
    private const int ImageLength = Channels * Height * Width;

    [SkippableFact]
    public void Fill_CpuSeed1234At256_EqualsA1111InitNoiseBitForBit()
    {
        var expected = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "a1111", "euler_eps", "init_noise.npy")).AsFloats();
        var source = new BatchNoiseSource(new ImageNoiseOptions { Seeds = [1234], Source = RandomSource.Cpu, LatentHeight = 32, LatentWidth = 32 });
        var actual = new float[expected.Length];

        source.Fill(actual);

        TorchCpuGeneratorTests.AssertBitEqual(expected, actual);
    }

    [Theory]
    [InlineData(RandomSource.Cpu)]
    [InlineData(RandomSource.Nv)]
    [InlineData(RandomSource.Gpu)]
    public void Fill_BatchOfThree_EachImageEqualsABatchOfOneWithItsSeed(RandomSource rng)
    {
        var seeds = SeedResolver.ImageSeeds(500, 3, 0);
        var batch = new BatchNoiseSource(Options(rng, seeds));
        var first = new float[3 * ImageLength];
        var second = new float[3 * ImageLength];
        batch.Fill(first);
        batch.Fill(second);

        for (var i = 0; i < 3; i++)
        {
            var single = new BatchNoiseSource(Options(rng, [500 + i]));
            var singleFirst = new float[ImageLength];
            var singleSecond = new float[ImageLength];
            single.Fill(singleFirst);
            single.Fill(singleSecond);
            Assert.Equal(singleFirst, first.AsSpan(i * ImageLength, ImageLength).ToArray());
            Assert.Equal(singleSecond, second.AsSpan(i * ImageLength, ImageLength).ToArray());
        }
    }

    [Theory]
    [InlineData(RandomSource.Cpu)]
    [InlineData(RandomSource.Nv)]
    public void Fill_LaterCalls_ContinueTheSeedsGenerator(RandomSource rng)
    {
        var source = new BatchNoiseSource(Options(rng, [42]));
        var reference = NormalGenerators.Create(rng, 42);

        for (var call = 0; call < 3; call++)
        {
            var actual = new float[ImageLength];
            var expected = new float[ImageLength];
            source.Fill(actual);
            reference.Randn(expected);
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [InlineData(RandomSource.Cpu)]
    [InlineData(RandomSource.Nv)]
    public void Fill_WithEnsd_FirstDrawFromSeedLaterDrawsFromSeedPlusDelta(RandomSource rng)
    {
        var source = new BatchNoiseSource(Options(rng, [100, 101]) with { EtaNoiseSeedDelta = 31337 });
        var first = new float[2 * ImageLength];
        var second = new float[2 * ImageLength];
        var third = new float[2 * ImageLength];
        source.Fill(first);
        source.Fill(second);
        source.Fill(third);

        for (var i = 0; i < 2; i++)
        {
            var seedGenerator = NormalGenerators.Create(rng, 100 + i);
            var ensdGenerator = NormalGenerators.Create(rng, 100 + i + 31337);
            var expected = new float[ImageLength];
            seedGenerator.Randn(expected);
            Assert.Equal(expected, first.AsSpan(i * ImageLength, ImageLength).ToArray());
            ensdGenerator.Randn(expected);
            Assert.Equal(expected, second.AsSpan(i * ImageLength, ImageLength).ToArray());
            ensdGenerator.Randn(expected);
            Assert.Equal(expected, third.AsSpan(i * ImageLength, ImageLength).ToArray());
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(0.3)]
    public void Fill_VariationSeed_IsSlerpOfSeedAndSubseedNoise(double strength)
    {
        var seeds = SeedResolver.ImageSeeds(7, 2, strength);
        var options = Options(RandomSource.Cpu, seeds) with { Subseeds = SeedResolver.ImageSubseeds(900, 2), SubseedStrength = strength };
        var actual = new float[2 * ImageLength];
        new BatchNoiseSource(options).Fill(actual);

        for (var i = 0; i < 2; i++)
        {
            var noise = Draw(RandomSource.Cpu, seeds[i]);
            var subnoise = Draw(RandomSource.Cpu, 900 + i);
            var expected = strength switch
            {
                0.0 => noise,
                1.0 => subnoise,
                _ => Slerp(strength, noise, subnoise),
            };
            Assert.Equal(expected, actual.AsSpan(i * ImageLength, ImageLength).ToArray());
        }

        // With a variation strength every image keeps the same seed; strength 0 counts them up.
        Assert.Equal(strength == 0 ? 8 : 7, seeds[1]);
    }

    [Fact]
    public void Fill_VariationSeed_LaterDrawsContinueTheSeedsGeneratorNotTheSubseeds()
    {
        var options = Options(RandomSource.Cpu, [7]) with { Subseeds = [900], SubseedStrength = 0.5 };
        var source = new BatchNoiseSource(options);
        source.Fill(new float[ImageLength]);
        var actual = new float[ImageLength];
        source.Fill(actual);

        var reference = NormalGenerators.Create(RandomSource.Cpu, 7);
        reference.Randn(new float[ImageLength]);
        var expected = new float[ImageLength];
        reference.Randn(expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Fill_MissingSubseedForAnImage_UsesSubseedZero()
    {
        var options = Options(RandomSource.Nv, [7, 7]) with { Subseeds = [900], SubseedStrength = 1.0 };
        var actual = new float[2 * ImageLength];

        new BatchNoiseSource(options).Fill(actual);

        Assert.Equal(Draw(RandomSource.Nv, 0), actual.AsSpan(ImageLength, ImageLength).ToArray());
    }

    [Theory]
    [InlineData(48, 48)]  // 6x6 latent pasted into the centre of 8x8
    [InlineData(80, 72)]  // 10x9 latent cropped to 8x8
    [InlineData(40, 88)]  // 5 rows (centred at 1), 11 columns (cropped from 2)
    public void Fill_ResizeSeedFrom_PastesOldSizeNoiseIntoTargetSizeNoiseOfTheSameSeed(int fromWidth, int fromHeight)
    {
        var options = Options(RandomSource.Cpu, [31]) with { SeedResizeFromWidth = fromWidth, SeedResizeFromHeight = fromHeight };
        var source = new BatchNoiseSource(options);
        var first = new float[ImageLength];
        var second = new float[ImageLength];
        source.Fill(first);
        source.Fill(second);

        var (h, w) = (fromHeight / 8, fromWidth / 8);
        var old = new float[Channels * h * w];
        NormalGenerators.Create(RandomSource.Cpu, 31).Randn(old);
        var imageGenerator = NormalGenerators.Create(RandomSource.Cpu, 31);
        var expected = new float[ImageLength];
        imageGenerator.Randn(expected);
        var (rows, ty, sy) = SeedResizePaste.Overlap(Height, h);
        var (columns, tx, sx) = SeedResizePaste.Overlap(Width, w);
        for (var c = 0; c < Channels; c++)
        {
            for (var r = 0; r < rows; r++)
            {
                for (var k = 0; k < columns; k++)
                {
                    expected[(((c * Height) + ty + r) * Width) + tx + k] = old[(((c * h) + sy + r) * w) + sx + k];
                }
            }
        }

        Assert.Equal(expected, first);

        // The image's generator drew the target-size noise first, so the sampler's draws continue after it.
        imageGenerator.Randn(expected);
        Assert.Equal(expected, second);
    }

    [Fact]
    public void Fill_ResizeFromTheTargetSize_IsPlainNoise()
    {
        var options = Options(RandomSource.Cpu, [31]) with { SeedResizeFromWidth = Width * 8, SeedResizeFromHeight = Height * 8 };
        var actual = new float[ImageLength];

        new BatchNoiseSource(options).Fill(actual);

        Assert.Equal(Draw(RandomSource.Cpu, 31), actual);
    }

    [Fact]
    public void Fill_WrongLength_Throws()
    {
        var source = new BatchNoiseSource(Options(RandomSource.Cpu, [1, 2]));

        Assert.Throws<ArgumentException>(() => source.Fill(new float[ImageLength]));
    }

    [Fact]
    public void Constructor_NegativeSeed_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNoiseSource(Options(RandomSource.Cpu, [-1])));
    }

    private static ImageNoiseOptions Options(RandomSource rng, IReadOnlyList<long> seeds) =>
        new() { Seeds = seeds, Source = rng, LatentHeight = Height, LatentWidth = Width };

    private static float[] Draw(RandomSource rng, long seed)
    {
        var values = new float[ImageLength];
        NormalGenerators.Create(rng, seed).Randn(values);
        return values;
    }

    private static float[] Slerp(double strength, float[] low, float[] high)
    {
        var result = new float[ImageLength];
        NoiseSlerp.Apply(strength, low, high, Channels, Height, Width, result);
        return result;
    }
}
