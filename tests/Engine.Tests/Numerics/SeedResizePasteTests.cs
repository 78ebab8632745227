using Engine.Numerics;

namespace Engine.Tests.Numerics;

public sealed class SeedResizePasteTests
{
    [Theory]
    [InlineData(8, 6, 6, 1, 0)]   // smaller source: centred
    [InlineData(8, 5, 5, 1, 0)]   // (8 - 5) // 2 = 1
    [InlineData(8, 10, 8, 0, 1)]  // larger source: centre cropped
    [InlineData(8, 11, 7, 0, 2)]  // (8 - 11) // 2 = -2 (floor), so 11 - 4 = 7 values from index 2
    [InlineData(8, 8, 8, 0, 0)]
    public void Overlap_AsImageRngComputesIt(int target, int source, int length, int targetStart, int sourceStart)
    {
        Assert.Equal((length, targetStart, sourceStart), SeedResizePaste.Overlap(target, source));
    }

    [Fact]
    public void Paste_SmallerSource_LandsInTheCentreOfEachChannel()
    {
        float[] source = [1, 2, 3, 4, 5, 6, 7, 8]; // [2, 2, 2]
        var target = new float[2 * 4 * 4];

        SeedResizePaste.Paste(source, 2, 2, 2, target, 4, 4);

        float[] expected =
        [
            0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 5, 6, 0, 0, 7, 8, 0, 0, 0, 0, 0,
        ];
        Assert.Equal(expected, target);
    }

    [Fact]
    public void Paste_LargerSource_CropsItsCentre()
    {
        var source = Enumerable.Range(0, 16).Select(i => (float)i).ToArray(); // [1, 4, 4]
        var target = new float[4];

        SeedResizePaste.Paste(source, 1, 4, 4, target, 2, 2);

        Assert.Equal([5f, 6f, 9f, 10f], target);
    }
}
