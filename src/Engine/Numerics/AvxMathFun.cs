namespace Engine.Numerics;

/// <summary>
/// Scalar float ports of the Cephes-based <c>log256_ps</c> and <c>sincos256_ps</c> from torch's
/// <c>aten/src/ATen/native/cpu/avx_mathfun.h</c>, which <c>normal_fill_16_AVX2</c> uses for every torch CPU
/// <c>randn</c> of 16 or more float32 values. Each lane of the AVX code is independent, so a scalar port with the
/// same operation order and the same FMA contractions gives the same bits (libm's logf/sinf/cosf would not).
/// </summary>
internal static class AvxMathFun
{
    // Constants as the header writes them: double literals stored as float.
    private const float SqrtHalf = (float)0.707106781186547524;
    private const float LogP0 = (float)7.0376836292E-2;
    private const float LogP1 = (float)-1.1514610310E-1;
    private const float LogP2 = (float)1.1676998740E-1;
    private const float LogP3 = (float)-1.2420140846E-1;
    private const float LogP4 = (float)1.4249322787E-1;
    private const float LogP5 = (float)-1.6668057665E-1;
    private const float LogP6 = (float)2.0000714765E-1;
    private const float LogP7 = (float)-2.4999993993E-1;
    private const float LogP8 = (float)3.3333331174E-1;
    private const float LogQ1 = (float)-2.12194440e-4;
    private const float LogQ2 = (float)0.693359375;

    private const float MinusDp1 = (float)-0.78515625;
    private const float MinusDp2 = (float)-2.4187564849853515625e-4;
    private const float MinusDp3 = (float)-3.77489497744594108e-8;
    private const float SinP0 = (float)-1.9515295891E-4;
    private const float SinP1 = (float)8.3321608736E-3;
    private const float SinP2 = (float)-1.6666654611E-1;
    private const float CosP0 = (float)2.443315711809948E-005;
    private const float CosP1 = (float)-1.388731625493765E-003;
    private const float CosP2 = (float)4.166664568298827E-002;
    private const float FourOverPi = (float)1.27323954473516;

    private const int MinNormPosBits = 0x00800000;
    private const int ExponentMask = 0x7F800000;

    // torch's AVX2 kernels are built by GCC with -mfma and its default -ffp-contract=fast, which turns each
    // "product, then add" of the header into one FMA. Where an add has two products as operands, GCC fuses the product
    // computed first (log: y*z before e*q1; cos: y*z before z*0.5). Unfused arithmetic misses init_latents.npy in
    // 41 of 4096 values; this order matches all of them.
    private static float MulAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    /// <summary><c>log256_ps</c> for one lane; NaN for x &lt;= 0.</summary>
    public static float Log(float x)
    {
        var invalid = x <= 0f;
        x = Math.Max(x, BitConverter.Int32BitsToSingle(MinNormPosBits));
        var bits = BitConverter.SingleToInt32Bits(x);
        var exponent = (int)((uint)bits >> 23);
        x = BitConverter.Int32BitsToSingle((bits & ~ExponentMask) | BitConverter.SingleToInt32Bits(0.5f));
        var e = (float)(exponent - 0x7F);
        e += 1f;

        var below = x < SqrtHalf;
        var tmp = below ? x : 0f;
        x -= 1f;
        e -= below ? 1f : 0f;
        x += tmp;

        var z = x * x;
        var y = LogP0;
        y = MulAdd(y, x, LogP1);
        y = MulAdd(y, x, LogP2);
        y = MulAdd(y, x, LogP3);
        y = MulAdd(y, x, LogP4);
        y = MulAdd(y, x, LogP5);
        y = MulAdd(y, x, LogP6);
        y = MulAdd(y, x, LogP7);
        y = MulAdd(y, x, LogP8);
        y *= x;
        y = MulAdd(y, z, e * LogQ1);
        y = MulAdd(-z, 0.5f, y);
        x += y;
        x = MulAdd(e, LogQ2, x);
        return invalid ? float.NaN : x;
    }

    /// <summary><c>sincos256_ps</c> for one lane.</summary>
    public static (float Sin, float Cos) SinCos(float x)
    {
        var signSin = BitConverter.SingleToInt32Bits(x) & unchecked((int)0x80000000);
        x = MathF.Abs(x);
        var y = x * FourOverPi;

        // cvttps truncates; (j + 1) & ~1 as in Cephes.
        var j = (int)y;
        j = (j + 1) & ~1;
        y = j;

        var swapSignSin = (j & 4) << 29;
        var polyMaskIsFirst = (j & 2) == 0;

        x = MulAdd(y, MinusDp1, x);
        x = MulAdd(y, MinusDp2, x);
        x = MulAdd(y, MinusDp3, x);

        var signCos = (~(j - 2) & 4) << 29;
        signSin ^= swapSignSin;

        var z = x * x;
        var c = CosP0;
        c = MulAdd(c, z, CosP1);
        c = MulAdd(c, z, CosP2);
        c *= z;
        c = MulAdd(c, z, -(z * 0.5f));
        c += 1f;

        var s = SinP0;
        s = MulAdd(s, z, SinP1);
        s = MulAdd(s, z, SinP2);
        s *= z;
        s = MulAdd(s, x, x);

        // The header selects by masking and adding; the additions of +0 are kept for their effect on signed zeros.
        var sinFromS = polyMaskIsFirst ? s : 0f;
        var sinFromC = polyMaskIsFirst ? 0f : c;
        var cosFromS = s - sinFromS;
        var cosFromC = c - sinFromC;
        var sin = sinFromC + sinFromS;
        var cos = cosFromC + cosFromS;

        return (
            BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(sin) ^ signSin),
            BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(cos) ^ signCos));
    }
}
