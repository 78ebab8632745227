using Engine.Models;
using Engine.Schedulers;
using Engine.Tests.Support;

namespace Engine.Tests.Schedulers;

public sealed class NoiseScheduleTests
{
    private static NoiseSchedule Tiny() =>
        NoiseSchedule.FromConfig(SchedulerConfig.Load(Fixtures.Path_("tiny-sd2", "scheduler", "scheduler_config.json")));

    [SkippableFact]
    public void AlphasCumprodDiffusers_TinySd2_EqualsDiffusersTable()
    {
        var expected = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "scheduler_tables", "alphas_cumprod.npy")).AsFloats();

        var actual = Tiny().AlphasCumprodDiffusers;

        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i] == actual[i], $"index {i}: {expected[i]} vs {actual[i]}");
        }
    }

    [SkippableFact]
    public void Betas_TinySd2_EqualDiffusersBetas()
    {
        var expected = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "scheduler_tables", "betas.npy")).AsFloats();

        var actual = Tiny().BetasDiffusers;

        Assert.Equal(expected, actual);
    }

    [SkippableFact]
    public void LdmSigmas_TinySd2_MatchA1111SigmaRange()
    {
        var a1111 = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "a1111", "euler_eps", "sigmas.npy")).AsFloats();
        var schedule = Tiny();

        // get_sigmas starts at t = 999 (sigma_max) and its last nonzero entry is t = 0 (sigma_min).
        Assert.Equal(a1111[0], schedule.LdmSigmas[^1], 1e-5f);
        Assert.Equal(a1111[^2], schedule.LdmSigmas[0], 1e-7f);
        Assert.True(Math.Abs(schedule.AlphasCumprodLdm[500] - schedule.AlphasCumprodDiffusers[500]) < 1e-6);
    }
}
