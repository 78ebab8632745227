namespace Benchmarks;

/// <summary>One model × sampler measurement.</summary>
internal sealed record BenchmarkResult(
    string Model,
    string Sampler,
    string Provider,
    int Size,
    int Steps,
    double WallSeconds,
    double OrtRunSeconds,
    double SecondsPerStep,
    double IterationsPerSecond,
    double OverheadPercent,
    double AllocatedBytesPerStep,
    long PeakWorkingSetBytes);
