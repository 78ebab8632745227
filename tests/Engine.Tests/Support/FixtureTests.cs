using Engine.Tests.Support;

namespace Engine.Tests;

public sealed class FixtureTests
{
    [SkippableFact]
    public void InitLatents_LoadsWithExpectedShape()
    {
        var npy = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "init_latents.npy"));
        Assert.Equal([1, 4, 32, 32], npy.Shape);
        Assert.Equal("<f4", npy.DType);
    }
}
