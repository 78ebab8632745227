using Engine.Models;

namespace Engine.Schedulers;

/// <summary>
/// The model's training noise schedule (betas and cumulative alpha products) from <c>scheduler_config.json</c>, computed
/// both ways the references compute it, because they differ in the last bits:
/// diffusers builds it in float32 (schedulers' <c>__init__</c>); ldm/AUTOMATIC1111 in float64 and then stores float32
/// (ldm <c>make_beta_schedule</c> + <c>register_schedule</c>), which is what k-diffusion's sigmas are derived from.
/// </summary>
public sealed class NoiseSchedule
{
    private NoiseSchedule(double[] betasFloat64, float[] betasFloat32, float[] alphasCumprodLdm)
    {
        Betas = betasFloat64;
        BetasDiffusers = betasFloat32;
        var alphasCumprodDiffusers = CumprodFloat32(betasFloat32);
        AlphasCumprodDiffusers = alphasCumprodDiffusers;
        AlphasCumprodLdm = alphasCumprodLdm;
        var sigmas = new float[alphasCumprodLdm.Length];
        var logSigmas = new float[alphasCumprodLdm.Length];
        for (var i = 0; i < sigmas.Length; i++)
        {
            // k-diffusion's DiscreteSchedule: ((1 - alphas_cumprod) / alphas_cumprod) ** 0.5 on the float32 buffer.
            var a = alphasCumprodLdm[i];
            sigmas[i] = MathF.Sqrt((1f - a) / a);
            logSigmas[i] = MathF.Log(sigmas[i]);
        }

        LdmSigmas = sigmas;
        LdmLogSigmas = logSigmas;
    }

    /// <summary>Number of training timesteps (1000 for Stable Diffusion).</summary>
    public int TrainTimesteps => Betas.Count;

    /// <summary>Betas in float64 (the ldm computation).</summary>
    public IReadOnlyList<double> Betas { get; }

    /// <summary>Betas as diffusers computes them (float32 <c>torch.linspace</c>, bit for bit).</summary>
    public float[] BetasDiffusers { get; }

    /// <summary>alphas_cumprod as diffusers computes it (float32 throughout).</summary>
    public float[] AlphasCumprodDiffusers { get; }

    /// <summary>alphas_cumprod as ldm computes it (float64, then stored as float32); A1111's k-diffusion and timestep samplers use it.</summary>
    public float[] AlphasCumprodLdm { get; }

    /// <summary>k-diffusion's discrete sigmas <c>sqrt((1 − ᾱ) / ᾱ)</c> (float32), ascending with the timestep.</summary>
    public float[] LdmSigmas { get; }

    /// <summary>Natural log of <see cref="LdmSigmas"/> (float32), what k-diffusion interpolates.</summary>
    public float[] LdmLogSigmas { get; }

    /// <summary>Builds the schedule a scheduler config describes.</summary>
    /// <exception cref="ArgumentException">The config has no usable betas.</exception>
    public static NoiseSchedule FromConfig(SchedulerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var n = config.NumTrainTimesteps;
        if (config.TrainedBetas is { Count: > 0 } trained)
        {
            var betas64 = trained.ToArray();
            return new NoiseSchedule(betas64, Array.ConvertAll(betas64, b => (float)b), CumprodFloat64(betas64));
        }

        return config.BetaSchedule switch
        {
            BetaSchedule.ScaledLinear => new NoiseSchedule(
                SquaredLinspace64(config.BetaStart, config.BetaEnd, n),
                SquaredLinspace32(config.BetaStart, config.BetaEnd, n),
                CumprodFloat64(SquaredLinspace64(config.BetaStart, config.BetaEnd, n))),
            BetaSchedule.Linear => new NoiseSchedule(
                Linspace64(config.BetaStart, config.BetaEnd, n),
                Linspace32((float)config.BetaStart, (float)config.BetaEnd, n),
                CumprodFloat64(Linspace64(config.BetaStart, config.BetaEnd, n))),
            BetaSchedule.SquaredCosCapV2 => FromBetas(CosineBetas(n)),
            _ => throw new ArgumentException($"Beta schedule {config.BetaSchedule} is not supported.", nameof(config)),
        };
    }

    private static NoiseSchedule FromBetas(double[] betas) =>
        new(betas, Array.ConvertAll(betas, b => (float)b), CumprodFloat64(betas));

    // diffusers betas_for_alpha_bar with the cosine alpha_bar (max beta 0.999), as "squaredcos_cap_v2" defines it.
    private static double[] CosineBetas(int n)
    {
        static double AlphaBar(double t) => Math.Pow(Math.Cos((t + 0.008) / 1.008 * Math.PI / 2), 2);
        var betas = new double[n];
        for (var i = 0; i < n; i++)
        {
            betas[i] = Math.Min(1 - (AlphaBar((i + 1.0) / n) / AlphaBar((double)i / n)), 0.999);
        }

        return betas;
    }

    private static double[] Linspace64(double start, double end, int n)
    {
        var values = new double[n];
        var step = (end - start) / (n - 1);
        for (var i = 0; i < n; i++)
        {
            // torch.linspace fills the first half from the start and the second half back from the end.
            values[i] = i < n / 2 ? start + (step * i) : end - (step * (n - 1 - i));
        }

        return values;
    }

    // torch.linspace(dtype=float32) on the CPU, reproduced to the bit: the float step, then blocks of 8 (AVX2 lanes)
    // whose first value is a fused multiply-add from the nearer end and whose other lanes add i × step.
    private static float[] Linspace32(float start, float end, int n)
    {
        const int Lanes = 8;
        var values = new float[n];
        var step = (end - start) / (n - 1);
        var halfway = n / 2;
        for (var block = 0; block < n; block += Lanes)
        {
            var first = block < halfway
                ? MathF.FusedMultiplyAdd(step, block, start)
                : MathF.FusedMultiplyAdd(-step, n - block - 1, end);
            for (var i = 0; i < Lanes && block + i < n; i++)
            {
                values[block + i] = first + (i * step);
            }
        }

        return values;
    }

    private static double[] SquaredLinspace64(double start, double end, int n)
    {
        var values = Linspace64(Math.Sqrt(start), Math.Sqrt(end), n);
        for (var i = 0; i < n; i++)
        {
            values[i] *= values[i];
        }

        return values;
    }

    private static float[] SquaredLinspace32(double start, double end, int n)
    {
        var values = Linspace32((float)Math.Sqrt(start), (float)Math.Sqrt(end), n);
        for (var i = 0; i < n; i++)
        {
            values[i] *= values[i];
        }

        return values;
    }

    // torch.cumprod on a float32 CPU tensor accumulates in double and rounds each running product to float32.
    private static float[] CumprodFloat32(float[] betas)
    {
        var result = new float[betas.Length];
        var product = 1.0;
        for (var i = 0; i < betas.Length; i++)
        {
            product *= 1f - betas[i];
            result[i] = (float)product;
        }

        return result;
    }

    private static float[] CumprodFloat64(double[] betas)
    {
        var result = new float[betas.Length];
        var product = 1.0;
        for (var i = 0; i < betas.Length; i++)
        {
            product *= 1.0 - betas[i];
            result[i] = (float)product;
        }

        return result;
    }
}
