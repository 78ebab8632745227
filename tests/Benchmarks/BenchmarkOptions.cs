using System.Globalization;

namespace Benchmarks;

/// <summary>Command-line options of the benchmark.</summary>
internal sealed record BenchmarkOptions
{
    public IReadOnlyList<string> Models { get; init; } = ["tiny-sd2", "demo"];

    public IReadOnlyList<string>? Samplers { get; init; }

    public int Steps { get; init; } = 20;

    public int Size { get; init; } = 512;

    public string? JsonPath { get; init; }

    public string? FixturesPath { get; init; }

    public bool Cpu { get; init; }

    /// <summary>Also reproduce the recorded reference runs on tiny-sd2 and report the pixel differences.</summary>
    public bool Verify { get; init; }

    public static string Usage =>
        "dotnet run -c Release --project tests/Benchmarks -- [--models tiny-sd2,demo] [--samplers \"Euler,DPM++ 2M\"] " +
        "[--steps 20] [--size 512] [--json results.json] [--fixtures ../shared/fixtures] [--cpu] [--verify]\n" +
        "or, opt-in: " + FullSizeSd2.FullSizeSd2Benchmark.Usage;

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            options = args[i] switch
            {
                "--models" => options with { Models = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--samplers" => options with { Samplers = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--steps" => options with { Steps = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--size" => options with { Size = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--json" => options with { JsonPath = Next() },
                "--fixtures" => options with { FixturesPath = Next() },
                "--cpu" => options with { Cpu = true },
                "--verify" => options with { Verify = true },
                "--help" or "-h" => throw new ArgumentException(Usage),
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
        }

        return options;
    }
}
