using Engine.Schedulers;

namespace Engine.Tests.Schedulers;

/// <summary>Seeded standard normal draws (Box–Muller over System.Random), counting the draws.</summary>
internal sealed class GaussianNoiseSource(int seed) : INoiseSource
{
    private readonly Random _random = new(seed);

    public int Draws { get; private set; }

    public void Fill(Span<float> destination)
    {
        Draws++;
        for (var i = 0; i < destination.Length; i += 2)
        {
            var u1 = 1.0 - _random.NextDouble();
            var u2 = _random.NextDouble();
            var r = Math.Sqrt(-2.0 * Math.Log(u1));
            destination[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < destination.Length)
            {
                destination[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
            }
        }
    }

    public float[] Next(int length)
    {
        var values = new float[length];
        Fill(values);
        return values;
    }
}
