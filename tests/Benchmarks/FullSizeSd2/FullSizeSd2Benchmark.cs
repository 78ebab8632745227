using System.Diagnostics;
using System.Globalization;
using Engine.Conversion;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Benchmarks.FullSizeSd2;

/// <summary>
/// The full-size SD2 benchmark: random-weight diffusers folders of the real sizes (U-Net, text encoder, VAE) from their
/// config values, their conversion (wall time and peak memory, fp32 and fp16) and the CPU time of one 512×512 U-Net step.
/// Opt-in (<see cref="EnableVariable"/>), since it writes about 12 GB and takes minutes; run each stage in its own
/// process so the peak memory is that stage's.
/// </summary>
internal static class FullSizeSd2Benchmark
{
    /// <summary>Environment variable that must be "1" for the benchmark to run.</summary>
    public const string EnableVariable = "SDWEBUI_BENCH_FULL_SD2";

    public const string Usage =
        "SDWEBUI_BENCH_FULL_SD2=1 dotnet run -c Release --project tests/Benchmarks -- full-sd2 " +
        "generate <dir> | convert <dir> unet|text_encoder|vae_decoder|vae_encoder fp32|fp16 | step <dir> fp32|fp16 [runs]";

    public static int Run(string[] args)
    {
        if (Environment.GetEnvironmentVariable(EnableVariable) != "1")
        {
            Console.Error.WriteLine($"The full-size SD2 benchmark writes about 12 GB and runs for minutes; set {EnableVariable}=1 to run it.\n{Usage}");
            return 2;
        }

        if (args.Length < 2)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        try
        {
            return Run(args[0], args[1], args[2..]);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
    }

    private static int Run(string stage, string folder, string[] rest)
    {
        switch (stage)
        {
            case "generate":
                Generate(folder);
                return 0;
            case "convert" when rest.Length >= 2:
                Convert(folder, rest[0], ParsePrecision(rest[1]));
                return 0;
            case "step" when rest.Length >= 1:
                Step(folder, ParsePrecision(rest[0]), rest.Length > 1 ? int.Parse(rest[1], CultureInfo.InvariantCulture) : 3);
                return 0;
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    private static ModelPrecision ParsePrecision(string text) => text switch
    {
        "fp32" => ModelPrecision.Float32,
        "fp16" => ModelPrecision.Float16,
        _ => throw new ArgumentException($"Precision '{text}' is not fp32 or fp16.\n{Usage}"),
    };

    private static string TargetFolder(string folder, string component, ModelPrecision precision) =>
        Path.Combine(folder, precision == ModelPrecision.Float16 ? "onnx-fp16" : "onnx-fp32", component);

    /// <summary>Writes unet/, text_encoder/ and vae/ under <paramref name="folder"/>, skipping those already there.</summary>
    private static void Generate(string folder)
    {
        var unet = Sd2UNetLayout.StableDiffusion2;
        (string Name, string Config, IReadOnlyList<(string, long[])> Tensors, string File)[] components =
        [
            ("unet", unet.ToJson(), Sd2UNetLayout.Tensors(unet), "diffusion_pytorch_model.safetensors"),
            ("text_encoder", Sd2TextEncoderLayout.ConfigJson, Sd2TextEncoderLayout.Tensors(), "model.safetensors"),
            ("vae", Sd2VaeLayout.ConfigJson, Sd2VaeLayout.Tensors(), "diffusion_pytorch_model.safetensors"),
        ];
        foreach (var (name, config, tensors, file) in components)
        {
            var target = Path.Combine(folder, name);
            if (Directory.Exists(target))
            {
                Console.WriteLine($"{name}: exists, kept");
                continue;
            }

            var clock = Stopwatch.StartNew();
            var parameters = RandomWeightFolder.Write(target, config, tensors, file);
            Report($"generate {name}", clock.Elapsed, $"{parameters:N0} parameters");
        }
    }

    private static void Convert(string folder, string component, ModelPrecision precision)
    {
        var target = TargetFolder(folder, component, precision);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var clock = Stopwatch.StartNew();
        switch (component)
        {
            case "unet":
                DiffusersToOnnxConverter.ConvertUNet(Path.Combine(folder, "unet"), target, precision);
                break;
            case "text_encoder":
                DiffusersToOnnxConverter.ConvertTextEncoder(Path.Combine(folder, "text_encoder"), target, precision);
                break;
            case "vae_decoder" when precision == ModelPrecision.Float32:
                DiffusersToOnnxConverter.ConvertVaeDecoder(Path.Combine(folder, "vae"), target);
                break;
            case "vae_encoder" when precision == ModelPrecision.Float32:
                DiffusersToOnnxConverter.ConvertVaeEncoder(Path.Combine(folder, "vae"), target);
                break;
            default:
                throw new ArgumentException($"Cannot convert '{component}' in {precision} (the VAE is fp32 only).\n{Usage}");
        }

        var bytes = Directory.EnumerateFiles(target).Sum(f => new FileInfo(f).Length);
        Report($"convert {component} {precision}", clock.Elapsed, $"output {bytes / (1024.0 * 1024 * 1024):F2} GiB");
    }

    /// <summary>One U-Net call as a 512×512 CFG step makes it: batch 2 (cond + uncond), 4×64×64 latents, 77×1024 context.</summary>
    private static void Step(string folder, ModelPrecision precision, int runs)
    {
        var model = Path.Combine(TargetFolder(folder, "unet", precision), "model.onnx");
        var clock = Stopwatch.StartNew();
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(model, options);
        Report($"session {precision}", clock.Elapsed, string.Empty);

        var half = precision == ModelPrecision.Float16;
        var random = new Random(1234);
        using var sample = Input(half, [2, 4, 64, 64], random);
        using var context = Input(half, [2, 77, 1024], random);
        using var timestep = OrtValue.CreateTensorValueFromMemory(new[] { 500f }, []);
        using var runOptions = new RunOptions();
        int RunOnce()
        {
            using var outputs = session.Run(runOptions, ["sample", "timestep", "encoder_hidden_states"], [sample, timestep, context], ["out_sample"]);
            return half
                ? outputs[0].GetTensorDataAsSpan<Float16>().ToArray().Count(v => !float.IsFinite((float)v))
                : outputs[0].GetTensorDataAsSpan<float>().ToArray().Count(v => !float.IsFinite(v));
        }

        var nonFinite = RunOnce(); // warm-up: arenas, kernels
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        clock.Restart();
        for (var i = 0; i < runs; i++)
        {
            RunOnce();
        }

        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds / runs;
        Report($"step {precision}", clock.Elapsed / runs, string.Create(CultureInfo.InvariantCulture,
            $"CPU {cpu:F1} s per step over {runs} runs, {Environment.ProcessorCount} cores; {nonFinite} non-finite outputs"));
    }

    private static OrtValue Input(bool half, long[] shape, Random random)
    {
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        if (half)
        {
            var values = new Float16[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = (Float16)(float)((random.NextDouble() * 2) - 1);
            }

            return OrtValue.CreateTensorValueFromMemory(values, shape);
        }

        var floats = new float[count];
        for (var i = 0; i < count; i++)
        {
            floats[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return OrtValue.CreateTensorValueFromMemory(floats, shape);
    }

    private static void Report(string stage, TimeSpan wall, string detail)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{stage}: wall {wall.TotalSeconds:F1} s, peak working set {process.PeakWorkingSet64 / (1024.0 * 1024):F0} MiB, " +
            $"CPU {process.TotalProcessorTime.TotalSeconds:F1} s. {detail}"));
    }
}
