using Engine.Models;
using Engine.Tests.Support;

namespace Engine.Tests.Models;

public sealed class SchedulerConfigTests
{
    [SkippableFact]
    public void Load_TinySd2V_ReadsEveryKey()
    {
        var config = SchedulerConfig.Load(Fixtures.Path_("tiny-sd2-v", "scheduler", "scheduler_config.json"));

        Assert.Equal("DDIMScheduler", config.ClassName);
        Assert.Equal(1000, config.NumTrainTimesteps);
        Assert.Equal(0.00085, config.BetaStart);
        Assert.Equal(0.012, config.BetaEnd);
        Assert.Equal(BetaSchedule.ScaledLinear, config.BetaSchedule);
        Assert.Null(config.TrainedBetas);
        Assert.Equal(PredictionType.VPrediction, config.PredictionType);
        Assert.Equal(TimestepSpacing.Leading, config.TimestepSpacing);
        Assert.Equal(1, config.StepsOffset);
        Assert.False(config.SetAlphaToOne);
        Assert.False(config.ClipSample);
        Assert.True(config.SkipPrkSteps);
        Assert.False(config.Thresholding);
    }

    [Fact]
    public void Parse_EmptyObject_UsesDiffusersDefaults()
    {
        var config = SchedulerConfig.Parse("{}");

        Assert.Equal(new SchedulerConfig { SpecifiedKeys = config.SpecifiedKeys }, config);
        Assert.Empty(config.SpecifiedKeys!);
        Assert.Equal(BetaSchedule.Linear, config.BetaSchedule);
        Assert.Equal(PredictionType.Epsilon, config.PredictionType);
    }

    [Fact]
    public void Parse_UnknownKeys_AreIgnored()
    {
        var config = SchedulerConfig.Parse("""{"some_future_flag": [1, 2], "_diffusers_version": "9.0", "prediction_type": "sample"}""");

        Assert.Equal(PredictionType.Sample, config.PredictionType);
    }

    [Theory]
    [InlineData("""{"beta_schedule": "cosine"}""", "'beta_schedule'", "\"squaredcos_cap_v2\"")]
    [InlineData("""{"prediction_type": "flow"}""", "'prediction_type'", "\"v_prediction\"")]
    [InlineData("""{"timestep_spacing": "karras"}""", "'timestep_spacing'", "\"trailing\"")]
    [InlineData("""{"num_train_timesteps": 1}""", "'num_train_timesteps'", "between 2 and 100000")]
    [InlineData("""{"num_train_timesteps": "1000"}""", "'num_train_timesteps'", "must be an integer, but is a string")]
    [InlineData("""{"beta_start": 0.02, "beta_end": 0.01}""", "'beta_end'", "above beta_start")]
    [InlineData("""{"beta_start": -1}""", "'beta_start'", "strictly between 0 and 1")]
    [InlineData("""{"num_train_timesteps": 3, "trained_betas": [0.1, 0.2]}""", "'trained_betas'", "has 2 values")]
    [InlineData("""{"num_train_timesteps": 2, "trained_betas": [0.1, 1.5]}""", "'trained_betas'", "strictly between 0 and 1")]
    [InlineData("""{"steps_offset": 1000}""", "'steps_offset'", "between 0 and num_train_timesteps - 1")]
    [InlineData("""{"clip_sample": "yes"}""", "'clip_sample'", "must be true or false")]
    [InlineData("""{"clip_sample_range": 0}""", "'clip_sample_range'", "must be positive")]
    [InlineData("""{"thresholding": true, "dynamic_thresholding_ratio": 1.5}""", "'dynamic_thresholding_ratio'", "(0, 1]")]
    [InlineData("""{"rescale_betas_zero_snr": true, "prediction_type": "epsilon"}""", "'rescale_betas_zero_snr'", "v_prediction")]
    [InlineData("""{"trained_betas": "none"}""", "'trained_betas'", "an array of numbers")]
    [InlineData("""[1, 2]""", null, "expected a JSON object")]
    public void Parse_InvalidValue_ThrowsNamingFileAndKey(string json, string? key, string fragment)
    {
        var ex = Assert.Throws<ModelConfigException>(() => SchedulerConfig.Parse(json));

        Assert.StartsWith("scheduler/scheduler_config.json: ", ex.Message, StringComparison.Ordinal);
        Assert.Equal("scheduler/scheduler_config.json", ex.FileName);
        if (key is not null)
        {
            Assert.Contains(key, ex.Message, StringComparison.Ordinal);
            Assert.Equal(key.Trim('\''), ex.Key);
        }

        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ZeroSnrWithVPrediction_IsAccepted()
    {
        var config = SchedulerConfig.Parse("""{"rescale_betas_zero_snr": true, "prediction_type": "v_prediction", "timestep_spacing": "trailing"}""");

        Assert.True(config.RescaleBetasZeroSnr);
        Assert.Equal(TimestepSpacing.Trailing, config.TimestepSpacing);
    }
}
