namespace Engine.Numerics;

/// <summary>
/// <c>torch.Generator("cpu").manual_seed(seed)</c> and float32 <c>torch.randn</c> on it, bit for bit
/// (ATen <c>CPUGeneratorImpl.cpp</c>, <c>native/cpu/DistributionTemplates.h</c> <c>normal_kernel</c>, x86-64 build).
/// </summary>
/// <remarks>
/// Two paths, chosen per call by its size as torch chooses them:
/// <list type="bullet">
/// <item>16 or more values: one 24-bit uniform per value, then Box–Muller on each block of 16 (value j pairs with
/// j + 8) with the AVX2 kernel's float maths; when the size is not a multiple of 16 the last 16 values are drawn again
/// from 16 fresh uniforms and recomputed.</item>
/// <item>Fewer than 16: per value, the double-precision <c>at::normal_distribution</c> (two 53-bit uniforms, Box–Muller
/// in double, cast to float), whose second (sine) value is cached in the generator and returned by the next scalar
/// draw, even one in a later call.</item>
/// </list>
/// </remarks>
public sealed class TorchCpuGenerator : INormalGenerator
{
    /// <summary>Below this many values torch takes the scalar path.</summary>
    public const int VectorBlock = 16;

    // 2.0f * c10::pi<double>, stored into a float vector by _mm256_set1_ps.
    private const float TwoPi = (float)(2.0 * Math.PI);
    private const float Uniform24Scale = 1f / (1 << 24);
    private const double Uniform53Scale = 1.0 / (1UL << 53);

    private readonly MersenneTwister19937 _engine;
    private double? _nextDoubleNormal;

    /// <param name="seed">As <c>manual_seed</c> takes it; the engine uses its low 32 bits.</param>
    public TorchCpuGenerator(ulong seed)
    {
        Seed = seed;
        _engine = new MersenneTwister19937(seed);
    }

    /// <summary>The seed this generator was created with.</summary>
    public ulong Seed { get; }

    /// <summary><c>CPUGeneratorImpl::random()</c>: one engine output.</summary>
    public uint NextUInt32() => _engine.NextUInt32();

    /// <summary><c>CPUGeneratorImpl::random64()</c>: the first engine output is the high word.</summary>
    public ulong NextUInt64()
    {
        ulong high = _engine.NextUInt32();
        ulong low = _engine.NextUInt32();
        return (high << 32) | low;
    }

    /// <inheritdoc/>
    public void Randn(Span<float> destination)
    {
        if (destination.Length >= VectorBlock)
        {
            FillVectorised(destination);
            return;
        }

        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)NextDoubleNormal();
        }
    }

    /// <summary>
    /// One draw of <c>at::normal_distribution&lt;double&gt;</c> (ATen <c>core/DistributionsHelper.h</c>), the scalar path,
    /// including its cache of the pair's second value.
    /// </summary>
    public double NextDoubleNormal()
    {
        if (_nextDoubleNormal is { } cached)
        {
            _nextDoubleNormal = null;
            return cached;
        }

        var u1 = NextUniformDouble();
        var u2 = NextUniformDouble();

        // 1 - u2 is exact for a 53-bit u2, so log(1 - u2) (torch <= 2.0) and log1p(-u2) (later) agree to within
        // libm's rounding, which the float cast absorbs.
        var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - u2));
        var theta = 2.0 * Math.PI * u1;
        _nextDoubleNormal = radius * Math.Sin(theta);
        return radius * Math.Cos(theta);
    }

    private double NextUniformDouble() => (NextUInt64() & ((1UL << 53) - 1)) * Uniform53Scale;

    private float NextUniformFloat() => (NextUInt32() & ((1u << 24) - 1)) * Uniform24Scale;

    private void FillVectorised(Span<float> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = NextUniformFloat();
        }

        for (var i = 0; i + VectorBlock <= data.Length; i += VectorBlock)
        {
            BoxMuller16(data.Slice(i, VectorBlock));
        }

        if (data.Length % VectorBlock != 0)
        {
            var tail = data[^VectorBlock..];
            for (var i = 0; i < VectorBlock; i++)
            {
                tail[i] = NextUniformFloat();
            }

            BoxMuller16(tail);
        }
    }

    // normal_fill_16_AVX2: lane j uses u1 = 1 - data[j] (so the log never sees 0) and u2 = data[j + 8].
    private static void BoxMuller16(Span<float> block)
    {
        for (var j = 0; j < VectorBlock / 2; j++)
        {
            var u1 = 1f - block[j];
            var u2 = block[j + 8];
            var radius = MathF.Sqrt(-2f * AvxMathFun.Log(u1));
            var theta = TwoPi * u2;
            var (sin, cos) = AvxMathFun.SinCos(theta);

            // The kernel ends with fmadd(n, std, mean); with std 1 and mean 0 only a -0 changes (to +0).
            block[j] = MathF.FusedMultiplyAdd(radius * cos, 1f, 0f);
            block[j + 8] = MathF.FusedMultiplyAdd(radius * sin, 1f, 0f);
        }
    }
}
