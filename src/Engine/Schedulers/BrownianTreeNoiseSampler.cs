namespace Engine.Schedulers;

/// <summary>
/// The noise of the Brownian-tree SDE samplers (k-diffusion <c>BrownianTreeNoiseSampler</c>, which A1111 creates for
/// samplers with <c>brownian_noise</c>): one Brownian motion W per latent element on [sigma_min, sigma_max], W(sigma_min)
/// = 0, queried as (W(sigma_next) − W(sigma)) / sqrt(|sigma_next − sigma|), a unit normal whose overlapping queries are
/// correlated as the increments of one path.
/// </summary>
/// <remarks>
/// torchsde's tree draws from its own seeded PRNG; here W is built lazily from the request's noise source instead:
/// W(sigma_max) is drawn first, and each new point between two known ones comes from the Brownian bridge (mean
/// interpolated, variance (t − a)(b − t)/(b − a)), one draw per new point. The numbers differ from A1111's, the
/// distribution is the same and every query is consistent with every other. The samplers query downwards in sigma,
/// so points above the latest query are dropped and memory stays at a few latents.
/// </remarks>
internal sealed class BrownianTreeNoiseSampler
{
    private const int Capacity = 8;

    private readonly INoiseSource _noise;
    private readonly float _low;
    private readonly float _high;
    private readonly List<(float T, float[] W)> _points = [];
    private readonly float[] _draw;
    private readonly Stack<float[]> _free = new();

    public BrownianTreeNoiseSampler(INoiseSource noise, float sigmaMin, float sigmaMax, int length)
    {
        _noise = noise;
        _low = Math.Min(sigmaMin, sigmaMax);
        _high = Math.Max(sigmaMin, sigmaMax);
        for (var i = 0; i < Capacity; i++)
        {
            _free.Push(new float[length]);
        }

        _draw = new float[length];
    }

    /// <summary>Draws taken from the noise source so far.</summary>
    public int Draws { get; private set; }

    /// <summary>Writes the normalised increment between two noise levels (k-diffusion's <c>noise_sampler(sigma, sigma_next)</c>).</summary>
    public void Sample(float sigma, float sigmaNext, Span<float> destination)
    {
        var a = Clamp(sigma);
        var b = Clamp(sigmaNext);
        if (a == b)
        {
            throw new InvalidOperationException("A Brownian increment needs two distinct noise levels.");
        }

        var wA = Point(a);
        var wB = Point(b);
        var scale = 1.0 / Math.Sqrt(Math.Abs((double)b - a));
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)((Value(wB, i) - Value(wA, i)) * scale);
        }
    }

    private static double Value(float[]? w, int i) => w is null ? 0.0 : w[i];

    private float Clamp(float t) => Math.Clamp(t, _low, _high);

    // W(t) for a query time; null stands for W(sigma_min) = 0.
    private float[]? Point(float t)
    {
        if (t == _low)
        {
            return null;
        }

        if (_points.Count == 0)
        {
            var top = Take();
            _noise.Fill(top);
            Draws++;
            var scale = (float)Math.Sqrt((double)_high - _low);
            for (var i = 0; i < top.Length; i++)
            {
                top[i] *= scale;
            }

            _points.Add((_high, top));
        }

        // _points is sorted by descending t; find the known neighbours (above, below) of t.
        var index = 0;
        while (index < _points.Count && _points[index].T > t)
        {
            index++;
        }

        if (index < _points.Count && _points[index].T == t)
        {
            return _points[index].W;
        }

        if (index == 0)
        {
            throw new InvalidOperationException("Brownian noise was queried above a level already passed.");
        }

        var (upperT, upperW) = _points[index - 1];
        var (lowerT, lowerW) = index < _points.Count ? _points[index] : (_low, null);
        if (_free.Count == 0)
        {
            // Queries only move down: the highest point (never the upper neighbour we need) is no longer reachable.
            if (index - 1 == 0)
            {
                throw new InvalidOperationException("Brownian noise point pool exhausted.");
            }

            _free.Push(_points[0].W);
            _points.RemoveAt(0);
            index--;
        }

        var w = Take();
        _noise.Fill(_draw);
        Draws++;
        double span = (double)upperT - lowerT;
        var fraction = ((double)t - lowerT) / span;
        var std = Math.Sqrt(((double)t - lowerT) * ((double)upperT - t) / span);
        for (var i = 0; i < w.Length; i++)
        {
            var below = Value(lowerW, i);
            w[i] = (float)(below + (fraction * (upperW[i] - below)) + (std * _draw[i]));
        }

        _points.Insert(index, (t, w));
        return w;
    }

    private float[] Take() => _free.Pop();
}
