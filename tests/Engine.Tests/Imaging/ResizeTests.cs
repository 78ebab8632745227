using Engine.Imaging;

namespace Engine.Tests.Imaging;

public sealed class ResizeTests
{
    [Theory]
    [InlineData(40, 30, 16, 16, ResampleFilter.Lanczos)]
    [InlineData(16, 16, 40, 24, ResampleFilter.Lanczos)]
    [InlineData(9, 7, 3, 11, ResampleFilter.Bicubic)]
    public void Resize_FlatColour_StaysExactlyFlat(int w, int h, int toW, int toH, ResampleFilter filter)
    {
        var image = RgbImage.Filled(w, h, 200, 17, 99);

        var resized = PillowResampler.Resize(image, toW, toH, filter);

        Assert.Equal(RgbImage.Filled(toW, toH, 200, 17, 99).Pixels, resized.Pixels);
    }

    [Fact]
    public void Resize_SameSize_Copies()
    {
        var image = PngTests.Gradient(5, 4);

        var resized = PillowResampler.Resize(image, 5, 4);

        Assert.Equal(image.Pixels, resized.Pixels);
        Assert.NotSame(image.Pixels, resized.Pixels);
    }

    [Fact]
    public void Resize_HalfWidthStep_IsSymmetricAndOvershootsLikeLanczos()
    {
        // Left half black, right half white; downscale 2x along x only.
        var image = new RgbImage(16, 1);
        for (var x = 8; x < 16; x++)
        {
            image.Pixels.AsSpan(3 * x, 3).Fill(255);
        }

        var resized = PillowResampler.Resize(image, 8, 1);
        var row = Enumerable.Range(0, 8).Select(x => (int)resized.GetPixel(x, 0).R).ToArray();

        for (var x = 0; x < 8; x++)
        {
            Assert.Equal(255, row[x] + row[7 - x]);
        }

        Assert.Equal(0, row[0]);
        Assert.Equal(255, row[7]);
        Assert.True(row[3] < 128 && row[4] > 127);
    }

    [Fact]
    public void CropAndResize_WideImage_CropsTheSidesKeepingTheCentre()
    {
        // 40x10: red | green (centre 20 px) | blue, into 10x10.
        var image = new RgbImage(40, 10);
        for (var y = 0; y < 10; y++)
        {
            for (var x = 0; x < 40; x++)
            {
                var (r, g, b) = x < 10 ? (255, 0, 0) : x < 30 ? (0, 255, 0) : (0, 0, 255);
                image.Pixels[3 * ((y * 40) + x)] = (byte)r;
                image.Pixels[(3 * ((y * 40) + x)) + 1] = (byte)g;
                image.Pixels[(3 * ((y * 40) + x)) + 2] = (byte)b;
            }
        }

        var result = InitImageResizer.Resize(image, 10, 10, ResizeMode.CropAndResize);

        // Scaled to 40x10 (no change), pasted at x = 5 - 20 = -15: columns 15..24 of the source, all green.
        Assert.Equal(RgbImage.Filled(10, 10, 0, 255, 0).Pixels, result.Pixels);
    }

    [Fact]
    public void ResizeAndFill_WideImage_BandsRepeatTheEdgeRows()
    {
        // 20x10 with a red top row and a blue bottom row, into 20x20: fits as 20x10 at y = 5, bands of 5 rows.
        var image = RgbImage.Filled(20, 10, 128, 128, 128);
        image.Pixels.AsSpan(0, 60).Clear();
        for (var x = 0; x < 20; x++)
        {
            image.Pixels[3 * x] = 255;
            image.Pixels[(3 * ((9 * 20) + x)) + 2] = 255;
            image.Pixels[3 * ((9 * 20) + x)] = 0;
            image.Pixels[(3 * ((9 * 20) + x)) + 1] = 0;
        }

        var result = InitImageResizer.Resize(image, 20, 20, ResizeMode.ResizeAndFill);

        Assert.Equal((20, 20), (result.Width, result.Height));
        Assert.Equal(image.GetPixel(3, 4), result.GetPixel(3, 9));
        // Pillow's bicubic over an empty box at y = 0 blends rows 0 and 1 (weights 0.5625 / -0.0625 normalised).
        var top = result.GetPixel(7, 0);
        var bottom = result.GetPixel(7, 19);
        Assert.True(top.R > 250 && top.G < 10, $"top band {top}");
        Assert.True(bottom.B > 250 && bottom.R < 10, $"bottom band {bottom}");
    }

    [Fact]
    public void JustResize_StretchesToTheTarget()
    {
        var result = InitImageResizer.Resize(RgbImage.Filled(30, 10, 1, 2, 3), 16, 24, ResizeMode.JustResize);

        Assert.Equal(RgbImage.Filled(16, 24, 1, 2, 3).Pixels, result.Pixels);
    }
}
