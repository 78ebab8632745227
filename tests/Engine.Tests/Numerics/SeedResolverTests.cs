using Engine.Numerics;

namespace Engine.Tests.Numerics;

public sealed class SeedResolverTests
{
    [Fact]
    public void Resolve_MinusOne_DrawsFromRandrangeOf4294967294()
    {
        for (var i = 0; i < 500; i++)
        {
            var seed = SeedResolver.Resolve(-1);
            Assert.InRange(seed, 0, 4294967293);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("abc")]
    [InlineData("-1")]
    public void Resolve_EmptyUnparseableOrMinusOneText_IsRandom(string? text)
    {
        Assert.InRange(SeedResolver.Resolve(text), 0, SeedResolver.RandomSeedExclusiveMax - 1);
    }

    [Theory]
    [InlineData("1234", 1234L)]
    [InlineData(" 0 ", 0L)]
    [InlineData("8589934592", 8589934592L)]
    public void Resolve_NumberText_IsThatSeed(string text, long expected)
    {
        Assert.Equal(expected, SeedResolver.Resolve(text));
    }

    [Theory]
    [InlineData(-2L)]
    [InlineData(long.MinValue)]
    public void Resolve_OtherNegative_Throws(long seed)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SeedResolver.Resolve(seed));
    }

    [Theory]
    [InlineData(0.0, new[] { 10L, 11L, 12L })]
    [InlineData(0.5, new[] { 10L, 10L, 10L })]
    [InlineData(1.0, new[] { 10L, 10L, 10L })]
    public void ImageSeeds_VariationStrength_DecidesWhetherSeedsCount(double strength, long[] expected)
    {
        Assert.Equal(expected, SeedResolver.ImageSeeds(10, 3, strength));
    }

    [Fact]
    public void ImageSubseeds_Always_CountUp()
    {
        Assert.Equal([7L, 8L, 9L], SeedResolver.ImageSubseeds(7, 3));
    }

    [Fact]
    public void ImageSeeds_PastInt64_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SeedResolver.ImageSeeds(long.MaxValue, 2, 0));
    }
}
