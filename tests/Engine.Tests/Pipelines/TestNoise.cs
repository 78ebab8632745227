using Engine.Pipelines;
using Engine.Schedulers;

namespace Engine.Tests.Pipelines;

/// <summary>Deterministic standard normal noise, one System.Random per image seeded by its seed (Box–Muller).</summary>
internal sealed class SeededGaussianNoiseSource(IReadOnlyList<long> seeds) : INoiseSource
{
    private readonly Random[] _generators = seeds.Select(s => new Random(unchecked((int)(s ^ (s >> 32))))).ToArray();

    public void Fill(Span<float> destination)
    {
        var per = destination.Length / _generators.Length;
        for (var b = 0; b < _generators.Length; b++)
        {
            var random = _generators[b];
            for (var i = 0; i < per; i++)
            {
                var u = 1.0 - random.NextDouble();
                var v = random.NextDouble();
                destination[(b * per) + i] = (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Sin(2 * Math.PI * v));
            }
        }
    }
}

/// <summary>Gives the seeded Gaussian source for every request and records the requests.</summary>
internal sealed class SeededGaussianNoiseFactory : INoiseSourceFactory
{
    public List<NoiseRequest> Requests { get; } = [];

    public INoiseSource Create(NoiseRequest request)
    {
        Requests.Add(request);
        return new SeededGaussianNoiseSource(request.Seeds);
    }
}

/// <summary>First fill from fixed values (e.g. a reference's init noise), zeros afterwards.</summary>
internal sealed class FixedNoiseFactory(float[] first) : INoiseSourceFactory
{
    public INoiseSource Create(NoiseRequest request) => new Source(first);

    private sealed class Source(float[] first) : INoiseSource
    {
        private bool _used;

        public void Fill(Span<float> destination)
        {
            if (_used)
            {
                destination.Clear();
                return;
            }

            first.CopyTo(destination);
            _used = true;
        }
    }
}

/// <summary>Always resolves to one sampler, as A1111's "Euler" with schedule "Automatic".</summary>
internal sealed class SingleSamplerCatalog(ISampler sampler) : ISamplerCatalog
{
    public ResolvedSampler Resolve(string samplerName, ScheduleType scheduleType, SamplerOptions options) =>
        new(sampler, sampler.Name, "Automatic", scheduleType);
}

/// <summary>IProgress that reports synchronously on the sampling thread and can act on each report.</summary>
internal sealed class InlineProgress(Action<GenerationProgress>? onReport = null) : IProgress<GenerationProgress>
{
    public List<GenerationProgress> Reports { get; } = [];

    public void Report(GenerationProgress value)
    {
        Reports.Add(value);
        onReport?.Invoke(value);
    }
}
