using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Benchmarks;
using Engine;
using Engine.Demo;
using Engine.Models;
using Engine.Onnx;
using Engine.Pipelines;
using Engine.Schedulers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Speed and memory of the generation pipeline per model and sampler: wall time, time inside ONNX Runtime's Run, the
// engine's own overhead, managed allocations per step and the process's peak working set. Not a test: it asserts nothing.
// "full-sd2 ..." runs the opt-in full-size SD2 U-Net conversion and step benchmark instead.
if (args.Length > 0 && args[0] == "full-sd2")
{
    return Benchmarks.FullSizeSd2.FullSizeSd2Benchmark.Run(args[1..]);
}

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var fixtures = options.FixturesPath ?? FindFixtures();
var demoRoot = Directory.CreateTempSubdirectory("bench-demo-").FullName;
DemoModelInstaller.EnsureInstalled(demoRoot);
var results = new List<BenchmarkResult>();
try
{
    foreach (var modelId in options.Models)
    {
        var root = modelId == DemoModelInstaller.FolderName ? demoRoot : fixtures;
        if (root is null || !Directory.Exists(Path.Combine(root, modelId)))
        {
            Console.Error.WriteLine($"Skipping {modelId}: not found (fixtures at {fixtures ?? "?"}).");
            continue;
        }

        var engineOptions = new EngineOptions { ModelsPath = root, ExecutionProvider = options.Cpu ? ExecutionProviderKind.Cpu : ExecutionProviderKind.Auto };
        var wrapped = Options.Create(engineOptions);
        var selector = new ExecutionProviderSelector(wrapped, NullLogger<ExecutionProviderSelector>.Instance);
        using var loader = new ModelLoader(
            new ModelCatalog(wrapped, NullLogger<ModelCatalog>.Instance),
            new OnnxSessionFactory(selector, wrapped, NullLogger<OnnxSessionFactory>.Instance),
            wrapped,
            NullLogger<ModelLoader>.Instance);
        var loaded = loader.Load(modelId);
        if (options.Verify && modelId == "tiny-sd2" && fixtures is not null)
        {
            foreach (var line in ReferenceCheck.Run(loaded, fixtures, selector.Active.ToString()))
            {
                Console.WriteLine(line);
            }
        }

        var pipeline = GenerationPipelineFactory.Create(loaded);
        var samplers = options.Samplers ?? SamplerRegistry.Default.All.Select(r => r.Name).ToArray();
        foreach (var sampler in samplers)
        {
            var request = new GenerationRequest
            {
                Prompt = "red circle, blue background, masterpiece",
                NegativePrompt = "lowres, bad anatomy",
                SamplerName = sampler,
                Steps = options.Steps,
                Width = options.Size,
                Height = options.Size,
                Seed = 1234,
            };

            pipeline.Run(request with { Steps = Math.Min(options.Steps, 4) }); // warm-up: sessions, arenas, JIT
            var (result, allocated) = Measure(pipeline, request);
            // Per-job allocations (latent, image and prompt buffers) cancel out between an N-step and a 2N-step run;
            // what is left is what each step allocates.
            var (longer, allocatedLonger) = Measure(pipeline, request with { Steps = 2 * options.Steps });
            var extraSteps = Math.Max(1, longer.Timings.SamplingSteps - result.Timings.SamplingSteps);
            var steps = Math.Max(1, result.Timings.SamplingSteps);
            var wall = result.Timings.Total.TotalSeconds;
            var ort = result.Timings.OrtRun.TotalSeconds;
            using var process = Process.GetCurrentProcess();
            var row = new BenchmarkResult(
                modelId, sampler, selector.Active.ToString(), options.Size, options.Steps, wall, ort,
                result.Timings.PerStep.TotalSeconds, steps / result.Timings.Sampling.TotalSeconds,
                100 * (wall - ort) / wall, Math.Max(0, (double)(allocatedLonger - allocated) / extraSteps), process.PeakWorkingSet64);
            results.Add(row);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{modelId} / {sampler}: {wall:F2} s"));
        }
    }
}
finally
{
    Directory.Delete(demoRoot, recursive: true);
}

PrintTable(results);
if (options.JsonPath is { } jsonPath)
{
    File.WriteAllText(jsonPath, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
}

return 0;

static (GenerationResult Result, long AllocatedBytes) Measure(GenerationPipeline pipeline, GenerationRequest request)
{
    GC.Collect();
    var before = GC.GetTotalAllocatedBytes(precise: true);
    var result = pipeline.Run(request);
    return (result, GC.GetTotalAllocatedBytes(precise: true) - before);
}

static void PrintTable(IReadOnlyList<BenchmarkResult> results)
{
    Console.WriteLine("| model | sampler | provider | size | steps | wall s | ORT Run s | s/step | it/s | overhead % | alloc/step | peak WS MiB |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
    foreach (var r in results)
    {
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {r.Model} | {r.Sampler} | {r.Provider} | {r.Size} | {r.Steps} | {r.WallSeconds:F3} | {r.OrtRunSeconds:F3} | {r.SecondsPerStep:F4} | {r.IterationsPerSecond:F2} | {r.OverheadPercent:F2} | {FormatBytes(r.AllocatedBytesPerStep)} | {r.PeakWorkingSetBytes / (1024.0 * 1024.0):F0} |"));
    }
}

static string FormatBytes(double bytes) => bytes switch
{
    < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes:F0} B"),
    < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024:F1} KiB"),
    _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024):F1} MiB"),
};

static string? FindFixtures()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WebUi.sln")))
    {
        dir = dir.Parent;
    }

    var candidate = dir is null ? null : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures"));
    return candidate is not null && Directory.Exists(candidate) ? candidate : null;
}
