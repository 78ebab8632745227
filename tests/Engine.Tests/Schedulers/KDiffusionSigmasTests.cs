using System.Text.Json;
using Engine.Models;
using Engine.Schedulers;
using Engine.Tests.Support;

namespace Engine.Tests.Schedulers;

public sealed class KDiffusionSigmasTests
{
    private static KDiffusionSigmas Tiny() => new(NoiseSchedule.FromConfig(
        SchedulerConfig.Load(Fixtures.Path_("tiny-sd2", "scheduler", "scheduler_config.json"))));

    private static KDiffusionSigmas Sd() => new(NoiseSchedule.FromConfig(AnalyticDiffusionModel.Config));

    [SkippableFact]
    public void GetSigmas_TwelveSteps_EqualsA1111SigmasBitForBit()
    {
        var expected = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "a1111", "euler_eps", "sigmas.npy")).AsFloats();

        var actual = Tiny().GetSigmas(12);

        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"sigma {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    [SkippableFact]
    public void SigmaToT_A1111Sigmas_EqualsRecordedUNetTimesteps()
    {
        var sigmas = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "a1111", "euler_eps", "sigmas.npy")).AsFloats();
        using var meta = JsonDocument.Parse(File.ReadAllText(Fixtures.Path_("reference", "tiny-sd2", "a1111", "euler_eps", "meta.json")));
        var expected = meta.RootElement.GetProperty("unet_timestep_values").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        var schedule = Tiny();

        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i] == schedule.SigmaToT(sigmas[i]), $"step {i}: expected {expected[i]:R}, got {schedule.SigmaToT(sigmas[i]):R}");
        }
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    [InlineData(500.5f)]
    [InlineData(998.25f)]
    [InlineData(999f)]
    public void SigmaToT_OfTToSigma_ReturnsTheTimestep(float t)
    {
        var schedule = Sd();

        Assert.Equal(t, schedule.SigmaToT(schedule.TToSigma(t)), 2e-3f);
    }

    [Fact]
    public void SigmaToT_OutsideTheTrainedRange_ClampsToTheEnds()
    {
        var schedule = Sd();

        Assert.Equal(0f, schedule.SigmaToT(schedule.SigmaMin / 2));
        Assert.Equal(999f, schedule.SigmaToT(schedule.SigmaMax * 2));
    }

    [Fact]
    public void SigmaRange_StableDiffusionSchedule_IsA1111s()
    {
        var schedule = Sd();

        Assert.Equal(0.0291675, schedule.SigmaMin, 1e-6);
        Assert.Equal(14.614642, schedule.SigmaMax, 1e-5);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    public void Karras_AnySteps_RunsFromSigmaMaxToSigmaMinWithRho7Spacing(int n)
    {
        var schedule = Sd();

        var sigmas = SigmaSchedules.Karras(n, schedule.SigmaMin, schedule.SigmaMax);

        Assert.Equal(n + 1, sigmas.Length);
        Assert.Equal(schedule.SigmaMax, sigmas[0], 1e-5f);
        Assert.Equal(0f, sigmas[^1]);
        if (n > 1)
        {
            Assert.Equal(schedule.SigmaMin, sigmas[^2], 1e-7f);
            var mid = Math.Pow((Math.Pow(schedule.SigmaMax, 1 / 7.0) + Math.Pow(schedule.SigmaMin, 1 / 7.0)) / 2, 7);
            if (n % 2 == 1)
            {
                Assert.Equal(mid, sigmas[n / 2], 1e-5);
            }
        }
    }

    [Fact]
    public void Exponential_TenSteps_IsGeometric()
    {
        var schedule = Sd();

        var sigmas = SigmaSchedules.Exponential(10, schedule.SigmaMin, schedule.SigmaMax);

        var ratio = Math.Pow(schedule.SigmaMin / (double)schedule.SigmaMax, 1 / 9.0);
        for (var i = 1; i < 10; i++)
        {
            Assert.Equal(ratio, sigmas[i] / (double)sigmas[i - 1], 1e-5);
        }

        Assert.Equal(0f, sigmas[10]);
    }

    [Fact]
    public void Polyexponential_Rho1_EqualsExponential()
    {
        var schedule = Sd();

        var poly = SigmaSchedules.Polyexponential(15, schedule.SigmaMin, schedule.SigmaMax);
        var exp = SigmaSchedules.Exponential(15, schedule.SigmaMin, schedule.SigmaMax);

        for (var i = 0; i < poly.Length; i++)
        {
            Assert.Equal(exp[i], poly[i], exp[i] * 2e-6f);
        }
    }

    [Fact]
    public void SgmUniform_TenSteps_EvenTimestepsFrom999DroppingTheLast()
    {
        var schedule = Sd();

        var sigmas = SigmaSchedules.SgmUniform(10, schedule.SigmaMin, schedule.SigmaMax, schedule);

        // linspace(999, 0, 11)[:-1] = 999, 899.1, ..., 99.9.
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(999 - (99.9 * i), schedule.SigmaToT(sigmas[i]), 1e-2);
        }

        Assert.Equal(0f, sigmas[10]);
    }
}
