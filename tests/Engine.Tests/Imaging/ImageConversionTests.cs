using Engine.Demo;
using Engine.Imaging;

namespace Engine.Tests.Imaging;

public sealed class ImageConversionTests
{
    [Theory]
    [InlineData(-1f, 0, 0)]
    [InlineData(1f, 255, 255)]
    [InlineData(2f, 255, 255)]
    [InlineData(-3f, 0, 0)]
    [InlineData(0f, 127, 128)] // 127.5: A1111 truncates, diffusers rounds half to even (128)
    [InlineData(0.99f, 253, 254)] // 253.725
    [InlineData(float.NaN, 0, 0)]
    public void ToByte_A1111TruncatesDiffusersRounds(float value, byte a1111, byte diffusers)
    {
        Assert.Equal(a1111, ImageTensors.ToByte(value, PixelConvention.A1111));
        Assert.Equal(diffusers, ImageTensors.ToByte(value, PixelConvention.Diffusers));
    }

    [Fact]
    public void ToRgbImage_ChannelMajorInput_InterleavedPixels()
    {
        // [3, 1, 2]: R = (-1, 1), G = (1, -1), B = (-1, -1).
        float[] image = [-1, 1, 1, -1, -1, -1];

        var rgb = ImageTensors.ToRgbImage(image, 2, 1);

        Assert.Equal(new byte[] { 0, 255, 0, 255, 0, 0 }, rgb.Pixels);
    }

    [Fact]
    public void FromRgbImage_A1111Normalisation()
    {
        var image = new RgbImage(1, 1, [0, 255, 51]);
        var values = new float[3];

        ImageTensors.FromRgbImage(image, values);

        Assert.Equal([-1f, 1f, ((51 / 255f) * 2f) - 1f], values);
    }

    [Theory]
    [InlineData(0.4, -0.2, 0.7)]
    [InlineData(-0.9, 0.9, 0.0)]
    public void CheapPreview_DemoLatentForColour_ShowsThatColour(double r, double g, double b)
    {
        var latent = DemoModelMath.LatentForRgb(r, g, b);
        var latents = new float[4 * 2 * 3];
        for (var c = 0; c < 4; c++)
        {
            latents.AsSpan(c * 6, 6).Fill((float)latent[c]);
        }

        var preview = CheapLatentPreview.Render(latents, 3, 2, upscale: 2);

        Assert.Equal((6, 4), (preview.Width, preview.Height));
        var expected = new[] { r, g, b }.Select(v => (byte)(255f * Math.Clamp(((float)v * 0.5f) + 0.5f, 0f, 1f))).ToArray();
        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < 6; x++)
            {
                var (pr, pg, pb) = preview.GetPixel(x, y);
                Assert.InRange(Math.Abs(pr - expected[0]), 0, 1);
                Assert.InRange(Math.Abs(pg - expected[1]), 0, 1);
                Assert.InRange(Math.Abs(pb - expected[2]), 0, 1);
            }
        }
    }
}
