namespace Engine.Imaging;

/// <summary>
/// Pillow's <c>Image.resize</c> for 8-bit RGB (libImaging/Resample.c): separable convolution, horizontal pass first,
/// filter support widened by the scale when downscaling (antialiasing), weights normalised in double and then fixed to
/// 22-bit integers, each pass rounded and clipped to 8 bits. Written from that description to match it bit for bit;
/// not yet compared against Pillow output (no Pillow on the build machines).
/// </summary>
public static class PillowResampler
{
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>Resizes the whole image to (<paramref name="width"/>, <paramref name="height"/>).</summary>
    public static RgbImage Resize(RgbImage image, int width, int height, ResampleFilter filter = ResampleFilter.Lanczos)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Resize(image, width, height, filter, 0, 0, image.Width, image.Height);
    }

    /// <summary>
    /// Resizes the region <c>box = (left, top, right, bottom)</c> of the source (fractional and empty boxes allowed, as
    /// Pillow allows them) to (<paramref name="width"/>, <paramref name="height"/>).
    /// </summary>
    public static RgbImage Resize(RgbImage image, int width, int height, ResampleFilter filter, float left, float top, float right, float bottom)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var needHorizontal = width != image.Width || left != 0 || right != width;
        var needVertical = height != image.Height || top != 0 || bottom != height;
        var (horizontalBounds, horizontalWeights, horizontalSize) = Coefficients(image.Width, left, right, width, filter);
        var (verticalBounds, verticalWeights, verticalSize) = Coefficients(image.Height, top, bottom, height, filter);
        var current = image;
        if (needHorizontal)
        {
            var firstRow = verticalBounds[0];
            var lastRow = verticalBounds[(2 * height) - 2] + verticalBounds[(2 * height) - 1];
            for (var i = 0; i < height; i++)
            {
                verticalBounds[2 * i] -= firstRow;
            }

            current = Horizontal(current, width, firstRow, lastRow - firstRow, horizontalBounds, horizontalWeights, horizontalSize);
        }

        if (needVertical)
        {
            current = Vertical(current, height, verticalBounds, verticalWeights, verticalSize);
        }

        return ReferenceEquals(current, image) ? new RgbImage(image.Width, image.Height, (byte[])image.Pixels.Clone()) : current;
    }

    private static double Sinc(double x)
    {
        if (x == 0.0)
        {
            return 1.0;
        }

        x *= Math.PI;
        return Math.Sin(x) / x;
    }

    private static double Evaluate(ResampleFilter filter, double x)
    {
        if (filter == ResampleFilter.Lanczos)
        {
            return x is >= -3.0 and < 3.0 ? Sinc(x) * Sinc(x / 3) : 0.0;
        }

        const double A = -0.5;
        x = Math.Abs(x);
        if (x < 1.0)
        {
            return ((((A + 2.0) * x) - (A + 3.0)) * x * x) + 1;
        }

        return x < 2.0 ? ((((x - 5) * x) + 8) * x - 4) * A : 0.0;
    }

    private static double Support(ResampleFilter filter) => filter == ResampleFilter.Lanczos ? 3.0 : 2.0;

    // Resample.c precompute_coeffs + normalize_coeffs_8bpc.
    private static (int[] Bounds, int[] Weights, int KernelSize) Coefficients(int inSize, float in0, float in1, int outSize, ResampleFilter filter)
    {
        var scale = (double)(in1 - in0) / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = Support(filter) * filterScale;
        var kernelSize = ((int)Math.Ceiling(support) * 2) + 1;
        var bounds = new int[outSize * 2];
        var weights = new int[outSize * kernelSize];
        var k = new double[kernelSize];
        for (var xx = 0; xx < outSize; xx++)
        {
            var center = in0 + ((xx + 0.5) * scale);
            var ss = 1.0 / filterScale;
            var xmin = Math.Max((int)(center - support + 0.5), 0);
            var xmax = Math.Min((int)(center + support + 0.5), inSize) - xmin;
            var total = 0.0;
            for (var x = 0; x < xmax; x++)
            {
                var w = Evaluate(filter, (x + xmin - center + 0.5) * ss);
                k[x] = w;
                total += w;
            }

            for (var x = 0; x < kernelSize; x++)
            {
                var w = x < xmax ? (total != 0.0 ? k[x] / total : k[x]) : 0.0;
                weights[(xx * kernelSize) + x] = w < 0
                    ? (int)(-0.5 + (w * (1 << PrecisionBits)))
                    : (int)(0.5 + (w * (1 << PrecisionBits)));
            }

            bounds[2 * xx] = xmin;
            bounds[(2 * xx) + 1] = Math.Max(xmax, 0);
        }

        return (bounds, weights, kernelSize);
    }

    private static byte Clip8(int value)
    {
        if (value >= (1 << PrecisionBits << 8))
        {
            return 255;
        }

        return value <= 0 ? (byte)0 : (byte)(value >> PrecisionBits);
    }

    private static RgbImage Horizontal(RgbImage source, int width, int rowOffset, int rows, int[] bounds, int[] weights, int kernelSize)
    {
        var result = new RgbImage(width, Math.Max(rows, 1));
        var input = source.Pixels;
        var output = result.Pixels;
        var inStride = source.Width * 3;
        for (var y = 0; y < rows; y++)
        {
            var row = (y + rowOffset) * inStride;
            for (var xx = 0; xx < width; xx++)
            {
                var xmin = bounds[2 * xx];
                var xmax = bounds[(2 * xx) + 1];
                var k = xx * kernelSize;
                int s0 = 1 << (PrecisionBits - 1), s1 = s0, s2 = s0;
                for (var x = 0; x < xmax; x++)
                {
                    var p = row + ((x + xmin) * 3);
                    var w = weights[k + x];
                    s0 += input[p] * w;
                    s1 += input[p + 1] * w;
                    s2 += input[p + 2] * w;
                }

                var o = 3 * ((y * width) + xx);
                output[o] = Clip8(s0);
                output[o + 1] = Clip8(s1);
                output[o + 2] = Clip8(s2);
            }
        }

        return result;
    }

    private static RgbImage Vertical(RgbImage source, int height, int[] bounds, int[] weights, int kernelSize)
    {
        var width = source.Width;
        var result = new RgbImage(width, height);
        var input = source.Pixels;
        var output = result.Pixels;
        var stride = width * 3;
        for (var yy = 0; yy < height; yy++)
        {
            var ymin = bounds[2 * yy];
            var ymax = bounds[(2 * yy) + 1];
            var k = yy * kernelSize;
            for (var i = 0; i < stride; i++)
            {
                var sum = 1 << (PrecisionBits - 1);
                for (var y = 0; y < ymax; y++)
                {
                    sum += input[((y + ymin) * stride) + i] * weights[k + y];
                }

                output[(yy * stride) + i] = Clip8(sum);
            }
        }

        return result;
    }
}
