using Engine.Models;
using Engine.Schedulers.Diffusers;

namespace Engine.Tests.Schedulers;

public sealed class DefaultSamplerClassDefaultsTests
{
    private const string OldConfig = """
        {"_class_name": "CLASS", "beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear",
         "num_train_timesteps": 1000, "steps_offset": 1, "clip_sample": false}
        """;

    [Theory]
    [InlineData("EulerDiscreteScheduler", TimestepSpacing.Linspace, true)]
    [InlineData("LMSDiscreteScheduler", TimestepSpacing.Linspace, true)]
    [InlineData("DPMSolverMultistepScheduler", TimestepSpacing.Linspace, true)]
    [InlineData("DDIMScheduler", TimestepSpacing.Leading, true)]
    [InlineData("PNDMScheduler", TimestepSpacing.Leading, false)]
    public void WithClassDefaults_KeysMissingFromAnOldConfig_TakeTheClassDefaults(string className, TimestepSpacing spacing, bool alphaToOne)
    {
        var config = SchedulerConfig.Parse(OldConfig.Replace("CLASS", className, StringComparison.Ordinal));

        var resolved = DefaultSamplerFactory.WithClassDefaults(config, className);

        Assert.Equal(spacing, resolved.TimestepSpacing);
        Assert.Equal(alphaToOne, resolved.SetAlphaToOne);
    }

    [Fact]
    public void WithClassDefaults_KeysTheConfigSets_AreKept()
    {
        var config = SchedulerConfig.Parse("""
            {"_class_name": "EulerDiscreteScheduler", "timestep_spacing": "leading", "set_alpha_to_one": false}
            """);

        var resolved = DefaultSamplerFactory.WithClassDefaults(config, "EulerDiscreteScheduler");

        Assert.Equal(TimestepSpacing.Leading, resolved.TimestepSpacing);
        Assert.False(resolved.SetAlphaToOne);
    }
}
