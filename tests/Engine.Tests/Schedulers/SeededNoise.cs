using Engine.Schedulers;

namespace Engine.Tests.Schedulers;

/// <summary>Standard normal noise from a seeded System.Random (Box–Muller); counts its draws.</summary>
internal sealed class SeededNoise(int seed) : INoiseSource
{
    private readonly Random _random = new(seed);

    public int Draws { get; private set; }

    public void Fill(Span<float> destination)
    {
        Draws++;
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)Next();
        }
    }

    public float[] Next(int length)
    {
        var values = new float[length];
        Fill(values);
        return values;
    }

    private double Next()
    {
        var u = 1.0 - _random.NextDouble();
        var v = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
