using Engine.Models;
using Engine.Schedulers;

namespace Engine.Tests.Schedulers;

public sealed class SamplerRegistryTests
{
    [Fact]
    public void All_DefaultRegistry_IsA1111sOrderThenDefault()
    {
        Assert.Equal(
            ["DPM++ 2M", "DPM++ SDE", "DPM++ 2M SDE", "DPM++ 2M SDE Heun", "DPM++ 2S a", "DPM++ 3M SDE", "Euler a", "Euler", "LMS", "Heun", "DPM2", "DPM2 a",
             "DDIM", "PLMS", "UniPC", "Default"],
            SamplerRegistry.Default.All.Select(r => r.Name));
    }

    [Theory]
    [InlineData("DPM++ 2M Karras", null, "DPM++ 2M", ScheduleType.Automatic, false)]
    [InlineData("DPM++ 2M", "Exponential", "DPM++ 2M", ScheduleType.Exponential, false)]
    [InlineData("DPM++ 2M", "karras", "DPM++ 2M", ScheduleType.Automatic, false)]
    [InlineData("Euler a", "Karras", "Euler a", ScheduleType.Karras, false)]
    [InlineData("Euler SGM Uniform", null, "DPM++ 2M", ScheduleType.Uniform, true)] // A1111 strips " Uniform" first

    [InlineData("Euler sgm_uniform", "Karras", "Euler", ScheduleType.SgmUniform, false)]
    [InlineData("DPM++ 2M SDE Karras", null, "DPM++ 2M SDE", ScheduleType.Karras, false)]
    [InlineData("DPM2 a Karras", null, "DPM2 a", ScheduleType.Automatic, false)]
    [InlineData("No such sampler", "Bogus", "DPM++ 2M", ScheduleType.Automatic, true)]
    [InlineData("k_euler_a", null, "DPM++ 2M", ScheduleType.Automatic, true)]
    [InlineData(null, null, "DPM++ 2M", ScheduleType.Automatic, false)]
    [InlineData("", "Uniform", "DPM++ 2M", ScheduleType.Uniform, false)]
    public void Resolve_A1111Names_SplitsAndFallsBackLikeGetSamplerAndScheduler(string? sampler, string? schedule, string expectedSampler, ScheduleType expectedSchedule, bool fellBack)
    {
        var selection = SamplerRegistry.Default.Resolve(sampler, schedule);

        Assert.Equal(expectedSampler, selection.Sampler.Name);
        Assert.Equal(expectedSchedule, selection.ScheduleType);
        Assert.Equal(fellBack, selection.SamplerFellBack);
    }

    [Fact]
    public void Resolve_UnsupportedA1111Schedule_SplitsItOffAndReportsIt()
    {
        var selection = SamplerRegistry.Default.Resolve("Euler Align Your Steps", null);

        Assert.Equal("Euler", selection.Sampler.Name);
        Assert.Equal(ScheduleType.Automatic, selection.ScheduleType);
        Assert.Equal("Align Your Steps", selection.UnsupportedSchedule);
    }

    [Theory]
    [InlineData("k_euler_a", "Euler a")]
    [InlineData("K_DPMPP_2M", "DPM++ 2M")]
    [InlineData("dpm++ 2m sde heun", "DPM++ 2M SDE Heun")]
    [InlineData("k_dpmpp_2m_sde_heun", "DPM++ 2M SDE Heun")]
    public void FindByNameOrAlias_AliasOrAnyCase_FindsTheSampler(string alias, string expected) =>
        Assert.Equal(expected, SamplerRegistry.Default.FindByNameOrAlias(alias)!.Name);

    [Theory]
    [InlineData("DPM++ 2M", ScheduleType.Automatic, "Karras", 20)]
    [InlineData("DPM++ 2M SDE", ScheduleType.Automatic, "Exponential", 20)]
    [InlineData("DPM++ 3M SDE", ScheduleType.Automatic, "Exponential", 20)]
    [InlineData("Euler", ScheduleType.Automatic, "Automatic", 20)]
    [InlineData("Euler", ScheduleType.Uniform, "Uniform", 20)]
    [InlineData("Heun", ScheduleType.Automatic, "Automatic", 39)]
    [InlineData("DPM2", ScheduleType.Automatic, "Karras", 39)]
    [InlineData("DPM2 a", ScheduleType.Automatic, "Karras", 39)]
    [InlineData("DPM++ 2S a", ScheduleType.Automatic, "Karras", 39)]
    [InlineData("DPM++ SDE", ScheduleType.Automatic, "Karras", 39)]
    [InlineData("LMS", ScheduleType.Polyexponential, "Polyexponential", 20)]
    public void Sample_20Steps_ScheduleLabelAndModelCallsMatchA1111(string name, ScheduleType requested, string label, int calls)
    {
        var sampler = (KDiffusionSampler)SamplerRegistry.Default.Find(name)!.Sampler;
        var mu = AnalyticSampling.Mu();
        var model = new AnalyticDiffusionModel(mu, AnalyticSampling.DataStd, PredictionType.Epsilon);
        var steps = 0;
        var request = AnalyticSampling.Request(model, 20, requested, new GaussianNoiseSource(1), (in SamplerStep step) => steps++);
        var latents = new GaussianNoiseSource(2).Next(AnalyticSampling.Length);

        var schedule = sampler.GetSchedule(request);
        sampler.Sample(request, latents);

        Assert.Equal(label, schedule.Label);
        Assert.Equal(21, schedule.Sigmas.Length);
        Assert.Equal(calls, sampler.ModelCallCount(request));
        Assert.Equal(calls, model.Calls);
        Assert.Equal(20, steps);
    }

    [Fact]
    public void GetSchedule_Dpm2_DiscardsThePenultimateKarrasSigma()
    {
        var sampler = new Dpm2Sampler();
        var request = AnalyticSampling.Request(new AnalyticDiffusionModel(AnalyticSampling.Mu(), 0.5, PredictionType.Epsilon), 10, ScheduleType.Automatic, new GaussianNoiseSource(1));
        var discrete = new KDiffusionSigmas(NoiseSchedule.FromConfig(AnalyticDiffusionModel.Config));

        var sigmas = sampler.GetSchedule(request).Sigmas;

        var karras11 = SigmaSchedules.Karras(11, discrete.SigmaMin, discrete.SigmaMax);
        Assert.Equal([.. karras11[..10], 0f], sigmas);
    }

    [Fact]
    public void GetSchedule_SigmaAndRhoOverrides_ReachKarras()
    {
        var request = AnalyticSampling.Request(new AnalyticDiffusionModel(AnalyticSampling.Mu(), 0.5, PredictionType.Epsilon), 10, ScheduleType.Karras, new GaussianNoiseSource(1))
            with { Options = new SamplerOptions { SigmaMin = 0.1, SigmaMax = 10, Rho = 5 } };

        var sigmas = new EulerSampler().GetSchedule(request).Sigmas;

        Assert.Equal(SigmaSchedules.Karras(10, 0.1, 10, 5), sigmas);
    }

    [Theory]
    [InlineData(20, 0.75, false, 16)]
    [InlineData(20, 0.75, true, 20)]
    [InlineData(20, 1.0, false, 20)]
    [InlineData(10, 0.3, false, 4)]
    public void GetSchedule_Img2Img_TruncatesLikeSetupImg2ImgSteps(int steps, double strength, bool fixSteps, int expectedSteps)
    {
        var request = AnalyticSampling.Request(new AnalyticDiffusionModel(AnalyticSampling.Mu(), 0.5, PredictionType.Epsilon), steps, ScheduleType.Automatic, new GaussianNoiseSource(1))
            with { DenoisingStrength = strength, Img2ImgFixSteps = fixSteps };

        var schedule = new EulerSampler().GetSchedule(request);

        Assert.Equal(expectedSteps, schedule.Steps);
    }

    [Fact]
    public void Sample_CancelledDuringTheThirdStep_ThrowsAndKeepsTheSecondStepsLatents()
    {
        using var cts = new CancellationTokenSource();
        float[]? afterSecond = null;
        var request = AnalyticSampling.Request(new AnalyticDiffusionModel(AnalyticSampling.Mu(), 0.5, PredictionType.Epsilon), 10, ScheduleType.Automatic, new GaussianNoiseSource(1), (in SamplerStep step) =>
        {
            if (step.Step == 1)
            {
                afterSecond = step.Latents.ToArray();
                cts.Cancel();
            }
        }) with { CancellationToken = cts.Token };
        var latents = new GaussianNoiseSource(2).Next(AnalyticSampling.Length);

        Assert.Throws<OperationCanceledException>(() => new HeunSampler().Sample(request, latents));

        Assert.Equal(afterSecond, latents);
    }
}
