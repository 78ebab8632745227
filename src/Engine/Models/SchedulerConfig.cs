using System.Globalization;

namespace Engine.Models;

/// <summary>
/// The contents of <c>scheduler/scheduler_config.json</c>. Property names follow the diffusers keys; defaults are
/// those of diffusers' <c>DDIMScheduler</c> (the class that declares most of these keys), used only when a key is
/// missing. Values and combinations are checked by <see cref="Validate"/>, which every loader calls.
/// </summary>
public sealed record SchedulerConfig
{
    /// <summary>Location of the file inside a model folder.</summary>
    public const string RelativePath = "scheduler/scheduler_config.json";

    /// <summary><c>_class_name</c>: the diffusers scheduler the model shipped with (e.g. PNDMScheduler).</summary>
    public string? ClassName { get; init; }

    /// <summary><c>num_train_timesteps</c>: length of the training noise schedule.</summary>
    public int NumTrainTimesteps { get; init; } = 1000;

    /// <summary><c>beta_start</c>: first training beta.</summary>
    public double BetaStart { get; init; } = 0.0001;

    /// <summary><c>beta_end</c>: last training beta.</summary>
    public double BetaEnd { get; init; } = 0.02;

    /// <summary><c>beta_schedule</c>.</summary>
    public BetaSchedule BetaSchedule { get; init; } = BetaSchedule.Linear;

    /// <summary><c>trained_betas</c>: explicit betas that override the schedule, or null.</summary>
    public IReadOnlyList<double>? TrainedBetas { get; init; }

    /// <summary><c>prediction_type</c>.</summary>
    public PredictionType PredictionType { get; init; } = PredictionType.Epsilon;

    /// <summary><c>timestep_spacing</c>.</summary>
    public TimestepSpacing TimestepSpacing { get; init; } = TimestepSpacing.Leading;

    /// <summary><c>steps_offset</c>: added to every inference timestep under leading spacing (1 for SD).</summary>
    public int StepsOffset { get; init; }

    /// <summary><c>set_alpha_to_one</c>: whether the step before t=0 uses alpha_cumprod = 1 (DDIM/PNDM).</summary>
    public bool SetAlphaToOne { get; init; } = true;

    /// <summary><c>clip_sample</c>: clamp the predicted x0 to ±<see cref="ClipSampleRange"/>.</summary>
    public bool ClipSample { get; init; } = true;

    /// <summary><c>clip_sample_range</c>.</summary>
    public double ClipSampleRange { get; init; } = 1.0;

    /// <summary><c>skip_prk_steps</c>: PNDM runs PLMS steps only (true for every SD config).</summary>
    public bool SkipPrkSteps { get; init; }

    /// <summary><c>rescale_betas_zero_snr</c>: rescale the schedule to zero terminal SNR (needs v-prediction).</summary>
    public bool RescaleBetasZeroSnr { get; init; }

    /// <summary><c>thresholding</c>: dynamic thresholding of the predicted x0 (Imagen).</summary>
    public bool Thresholding { get; init; }

    /// <summary><c>dynamic_thresholding_ratio</c>: quantile used by dynamic thresholding.</summary>
    public double DynamicThresholdingRatio { get; init; } = 0.995;

    /// <summary><c>sample_max_value</c>: upper bound of the dynamic threshold.</summary>
    public double SampleMaxValue { get; init; } = 1.0;

    /// <summary><c>use_karras_sigmas</c> (Euler/DPM++ configs): Karras et al. sigma spacing.</summary>
    public bool UseKarrasSigmas { get; init; }

    /// <summary>Parses and validates the JSON text; <paramref name="fileName"/> is used in error messages.</summary>
    /// <exception cref="ModelConfigException">Invalid JSON, a value of the wrong type, or an invalid value or combination.</exception>
    public static SchedulerConfig Parse(string json, string fileName = RelativePath) => From(ConfigJson.Parse(json, fileName));

    /// <summary>Reads and validates a file.</summary>
    /// <exception cref="ModelConfigException">The file is unreadable or invalid.</exception>
    public static SchedulerConfig Load(string path, string fileName = RelativePath) => From(ConfigJson.Load(path, fileName));

    /// <summary>
    /// The keys the file actually set. Older configs (diffusers before 0.15) lack e.g. <c>timestep_spacing</c>, and each
    /// diffusers scheduler class then applies its own default, which differs between classes. Null for a config built
    /// in code, whose every value is deliberate.
    /// </summary>
    public IReadOnlySet<string>? SpecifiedKeys { get; init; }

    /// <summary>Throws <see cref="ModelConfigException"/> when a value or combination is unusable.</summary>
    public void Validate(string fileName = RelativePath)
    {
        ModelConfigException Fail(string key, string message) => new(fileName, key, $"{fileName}: '{key}' {message}");

        if (NumTrainTimesteps is < 2 or > 100_000)
        {
            throw Fail("num_train_timesteps", Invariant($"must be between 2 and 100000, but is {NumTrainTimesteps}."));
        }

        if (TrainedBetas is { } betas)
        {
            if (betas.Count != NumTrainTimesteps)
            {
                throw Fail("trained_betas", Invariant($"has {betas.Count} values, but num_train_timesteps is {NumTrainTimesteps}."));
            }

            if (betas.Any(b => b is <= 0 or >= 1))
            {
                throw Fail("trained_betas", "must hold values strictly between 0 and 1.");
            }
        }
        else if (BetaSchedule != BetaSchedule.SquaredCosCapV2)
        {
            if (BetaStart is <= 0 or >= 1)
            {
                throw Fail("beta_start", Invariant($"must be strictly between 0 and 1, but is {BetaStart}."));
            }

            if (BetaEnd is <= 0 or >= 1 || BetaEnd <= BetaStart)
            {
                throw Fail("beta_end", Invariant($"must be below 1 and above beta_start ({BetaStart}), but is {BetaEnd}."));
            }
        }

        if (StepsOffset < 0 || StepsOffset >= NumTrainTimesteps)
        {
            throw Fail("steps_offset", Invariant($"must be between 0 and num_train_timesteps - 1, but is {StepsOffset}."));
        }

        if (ClipSampleRange <= 0)
        {
            throw Fail("clip_sample_range", Invariant($"must be positive, but is {ClipSampleRange}."));
        }

        if (Thresholding && (DynamicThresholdingRatio is <= 0 or > 1 || SampleMaxValue <= 0))
        {
            throw Fail("dynamic_thresholding_ratio",
                "must be in (0, 1] with a positive sample_max_value when thresholding is on.");
        }

        // With zero terminal SNR alpha_cumprod reaches 0, so x0 cannot be recovered from an epsilon prediction
        // (division by sqrt(alpha_cumprod)); diffusers only warns, we refuse a model that cannot sample.
        if (RescaleBetasZeroSnr && PredictionType == PredictionType.Epsilon)
        {
            throw Fail("rescale_betas_zero_snr", "requires prediction_type \"v_prediction\" or \"sample\", not \"epsilon\".");
        }
    }

    internal static SchedulerConfig From(ConfigJson json)
    {
        var config = new SchedulerConfig
        {
            ClassName = json.GetString("_class_name"),
            NumTrainTimesteps = json.GetInt32("num_train_timesteps", 1000),
            BetaStart = json.GetDouble("beta_start", 0.0001),
            BetaEnd = json.GetDouble("beta_end", 0.02),
            BetaSchedule = ParseEnum(json, "beta_schedule", BetaSchedule.Linear,
                ("linear", BetaSchedule.Linear), ("scaled_linear", BetaSchedule.ScaledLinear),
                ("squaredcos_cap_v2", BetaSchedule.SquaredCosCapV2)),
            TrainedBetas = json.GetDoubleArray("trained_betas"),
            PredictionType = ParseEnum(json, "prediction_type", PredictionType.Epsilon,
                ("epsilon", PredictionType.Epsilon), ("v_prediction", PredictionType.VPrediction),
                ("sample", PredictionType.Sample)),
            TimestepSpacing = ParseEnum(json, "timestep_spacing", TimestepSpacing.Leading,
                ("leading", TimestepSpacing.Leading), ("trailing", TimestepSpacing.Trailing),
                ("linspace", TimestepSpacing.Linspace)),
            StepsOffset = json.GetInt32("steps_offset", 0),
            SetAlphaToOne = json.GetBoolean("set_alpha_to_one", true),
            ClipSample = json.GetBoolean("clip_sample", true),
            ClipSampleRange = json.GetDouble("clip_sample_range", 1.0),
            SkipPrkSteps = json.GetBoolean("skip_prk_steps", false),
            RescaleBetasZeroSnr = json.GetBoolean("rescale_betas_zero_snr", false),
            Thresholding = json.GetBoolean("thresholding", false),
            DynamicThresholdingRatio = json.GetDouble("dynamic_thresholding_ratio", 0.995),
            SampleMaxValue = json.GetDouble("sample_max_value", 1.0),
            UseKarrasSigmas = json.GetBoolean("use_karras_sigmas", false),
            SpecifiedKeys = json.Properties().Where(p => p.Value.ValueKind != System.Text.Json.JsonValueKind.Null)
                .Select(p => p.Name).ToHashSet(StringComparer.Ordinal),
        };
        config.Validate(json.FileName);
        return config;
    }

    private static T ParseEnum<T>(ConfigJson json, string key, T defaultValue, params (string Name, T Value)[] choices)
    {
        var text = json.GetString(key);
        if (text is null)
        {
            return defaultValue;
        }

        foreach (var (name, value) in choices)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                return value;
            }
        }

        var allowed = string.Join(", ", choices.Select(c => $"\"{c.Name}\""));
        throw json.Invalid(key, $"is \"{text}\", which is not supported; expected one of {allowed}.");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
