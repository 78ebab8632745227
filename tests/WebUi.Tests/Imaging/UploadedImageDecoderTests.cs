using System.Buffers.Binary;
using System.Text;
using Engine.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using WebUi.Imaging;

namespace WebUi.Tests.Imaging;

public sealed class UploadedImageDecoderTests
{
    [Fact]
    public void Decode_Png_ReturnsItsPixels()
    {
        var bytes = Encode(new PngEncoder(), 24, 16, new Rgba32(10, 200, 30));

        var result = UploadedImageDecoder.Decode(bytes);

        Assert.Equal(UploadedImageFormat.Png, result.Format);
        Assert.Equal(24, result.Image.Width);
        Assert.Equal(16, result.Image.Height);
        Assert.Equal((10, 200, 30), result.Image.GetPixel(5, 7));
        Assert.Equal(UploadedImageFormat.Png, UploadedImageDecoder.Sniff(result.PreviewPng));
    }

    [Fact]
    public void Decode_EngineWrittenPng_ReturnsItsPixels()
    {
        var bytes = PngWriter.Encode(RgbImage.Filled(64, 64, 0, 0, 255), []);

        var result = UploadedImageDecoder.Decode(bytes);

        Assert.Equal((0, 0, 255), result.Image.GetPixel(63, 63));
    }

    [Fact]
    public void Decode_Jpeg_ReturnsApproximatelyItsPixels()
    {
        var bytes = Encode(new JpegEncoder { Quality = 95 }, 32, 32, new Rgba32(200, 40, 40));

        var result = UploadedImageDecoder.Decode(bytes);

        Assert.Equal(UploadedImageFormat.Jpeg, result.Format);
        var (r, g, b) = result.Image.GetPixel(16, 16);
        Assert.InRange(r, 190, 210);
        Assert.InRange(g, 30, 50);
        Assert.InRange(b, 30, 50);
    }

    [Fact]
    public void Decode_TransparentPng_CompositesOnWhite()
    {
        var bytes = Encode(new PngEncoder(), 8, 8, new Rgba32(0, 0, 0, 0));

        var result = UploadedImageDecoder.Decode(bytes);

        Assert.Equal((255, 255, 255), result.Image.GetPixel(3, 3));
    }

    [Fact]
    public void Decode_JpegBytesNamedPng_DecodesAsJpeg()
    {
        // The decoder never sees a name; whatever the file was called, JPEG bytes are read as JPEG.
        var bytes = Encode(new JpegEncoder(), 16, 16, new Rgba32(0, 0, 255));
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.png");
        File.WriteAllBytes(path, bytes);
        try
        {
            var result = UploadedImageDecoder.Decode(File.ReadAllBytes(path));

            Assert.Equal(UploadedImageFormat.Jpeg, result.Format);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Decode_TextFile_RefusedAsNotAnImage()
    {
        var ex = Assert.Throws<UploadedImageException>(() => UploadedImageDecoder.Decode(Encoding.UTF8.GetBytes("red circle, blue background\n")));

        Assert.Equal(UploadRefusal.NotAnImage, ex.Reason);
    }

    [Fact]
    public void Decode_EmptyFile_RefusedAsNotAnImage()
    {
        var ex = Assert.Throws<UploadedImageException>(() => UploadedImageDecoder.Decode([]));

        Assert.Equal(UploadRefusal.NotAnImage, ex.Reason);
    }

    [Fact]
    public void Decode_Gif_RefusedAsNotAnImage()
    {
        var ex = Assert.Throws<UploadedImageException>(() => UploadedImageDecoder.Decode("GIF89a\x01\0\x01\0\0\0\0;"u8.ToArray()));

        Assert.Equal(UploadRefusal.NotAnImage, ex.Reason);
    }

    [Fact]
    public void Decode_TruncatedPng_RefusedAsDamaged()
    {
        var bytes = PngWriter.Encode(RgbImage.Filled(64, 64, 0, 0, 255), []);

        var ex = Assert.Throws<UploadedImageException>(() => UploadedImageDecoder.Decode(bytes[..(bytes.Length / 2)]));

        Assert.Equal(UploadRefusal.Damaged, ex.Reason);
    }

    [Fact]
    public void Decode_PngHeaderClaiming100000Squared_RefusedBeforeDecoding()
    {
        var ex = Assert.Throws<UploadedImageException>(() => UploadedImageDecoder.Decode(BombPng(100_000, 100_000)));

        Assert.Equal(UploadRefusal.TooManyPixels, ex.Reason);
        Assert.Equal((100_000, 100_000), ex.ClaimedSize);
    }

    [Fact]
    public void Decode_PngOverThePixelLimitButUnderTheSideLimit_Refused()
    {
        var ex = Assert.Throws<UploadedImageException>(() => UploadedImageDecoder.Decode(BombPng(8192, 4097)));

        Assert.Equal(UploadRefusal.TooManyPixels, ex.Reason);
    }

    [Fact]
    public void Decode_OversizedUpload_RefusedAsTooLarge()
    {
        var bytes = new byte[UploadedImageDecoder.MaxBytes + 1];
        PngWriter.Encode(RgbImage.Filled(8, 8, 1, 2, 3), []).CopyTo(bytes, 0);

        var ex = Assert.Throws<UploadedImageException>(() => UploadedImageDecoder.Decode(bytes));

        Assert.Equal(UploadRefusal.TooLarge, ex.Reason);
    }

    [Fact]
    public void Decode_CompressibleIdatBehindAnOverLimitHeader_RefusedBeforeInflating()
    {
        // 4097x4097 RGB of zeros: 50 MB of scanlines in a few tens of kB.
        var png = BombPng(4097, 4097, TestPngs.DeflatedZeros(4097L * ((4097 * 3) + 1)));
        Assert.True(png.Length < 200_000, $"{png.Length} bytes");

        var ex = Assert.Throws<UploadedImageException>(() => UploadedImageDecoder.Decode(png));

        Assert.Equal(UploadRefusal.TooManyPixels, ex.Reason);
        Assert.Equal((4097, 4097), ex.ClaimedSize);
    }

    [Fact]
    public void Decode_IdatInflatingFarBeyondItsSmallHeader_DecodesOnlyTheHeadersPixels()
    {
        // A 16x16 header needs 784 bytes of scanlines; the IDAT inflates to 64 MB.
        var png = BombPng(16, 16, TestPngs.DeflatedZeros(64L * 1024 * 1024));
        Assert.True(png.Length < 200_000, $"{png.Length} bytes");

        try
        {
            var image = UploadedImageDecoder.Decode(png).Image;
            Assert.Equal((16, 16), (image.Width, image.Height));
        }
        catch (UploadedImageException ex)
        {
            Assert.Equal(UploadRefusal.Damaged, ex.Reason);
        }
    }

    [Fact]
    public void Decode_JpegFrameHeaderClaiming65000Squared_RefusedBeforeDecoding()
    {
        var jpeg = Encode(new JpegEncoder(), 8, 8, new Rgba32(10, 20, 30, 255));
        var sof = TestPngs.IndexOfJpegMarker(jpeg, 0xC0);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 65_000);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), 65_000);

        var ex = Assert.Throws<UploadedImageException>(() => UploadedImageDecoder.Decode(jpeg));

        Assert.Equal(UploadRefusal.TooManyPixels, ex.Reason);
    }

    [Fact]
    public void Decode_WebPCanvasClaiming16384Squared_IsRefused()
    {
        // RIFF/WEBP with only a VP8X chunk: a 16384x16384 canvas and no image data.
        var vp8x = new byte[10];
        vp8x[4] = vp8x[5] = 0xFF;
        vp8x[6] = 0x3F;
        vp8x[7] = vp8x[8] = 0xFF;
        vp8x[9] = 0x3F;
        var webp = new List<byte>();
        webp.AddRange("RIFF"u8.ToArray());
        webp.AddRange(BitConverter.GetBytes(4 + 8 + vp8x.Length));
        webp.AddRange("WEBPVP8X"u8.ToArray());
        webp.AddRange(BitConverter.GetBytes(vp8x.Length));
        webp.AddRange(vp8x);

        var ex = Assert.Throws<UploadedImageException>(() => UploadedImageDecoder.Decode([.. webp]));

        Assert.Contains(ex.Reason, new[] { UploadRefusal.TooManyPixels, UploadRefusal.Damaged });
    }

    [Theory]
    [InlineData("II*\0 a little-endian TIFF")]
    [InlineData("MM\0* a big-endian TIFF")]
    [InlineData("BM a Windows bitmap")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
    [InlineData("<!DOCTYPE html><script>alert(1)</script>")]
    [InlineData("%PDF-1.7")]
    [InlineData("PK\u0003\u0004 a zip archive")]
    public void Decode_OtherFormats_RefusedAsNotAnImage(string content)
    {
        var ex = Assert.Throws<UploadedImageException>(() => UploadedImageDecoder.Decode(Encoding.Latin1.GetBytes(content)));

        Assert.Equal(UploadRefusal.NotAnImage, ex.Reason);
    }

    [Fact]
    public void Decode_PngSignatureFollowedByGarbage_RefusedAsDamaged()
    {
        var bytes = TestPngs.Signature.ToArray().Concat(Enumerable.Range(0, 200).Select(i => (byte)(i * 37))).ToArray();

        var ex = Assert.Throws<UploadedImageException>(() => UploadedImageDecoder.Decode(bytes));

        Assert.Equal(UploadRefusal.Damaged, ex.Reason);
    }

    [Fact]
    public void Decode_PngHeaderClaimingZeroWidth_RefusedAsDamaged()
    {
        var ex = Assert.Throws<UploadedImageException>(() => UploadedImageDecoder.Decode(BombPng(0, 16)));

        Assert.Equal(UploadRefusal.Damaged, ex.Reason);
    }

    private static byte[] Encode(SixLabors.ImageSharp.Formats.IImageEncoder encoder, int width, int height, Rgba32 colour)
    {
        using var image = new Image<Rgba32>(width, height, colour);
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    /// <summary>A PNG whose IHDR claims <paramref name="width"/>×<paramref name="height"/> RGB, with a tiny IDAT and IEND.</summary>
    private static byte[] BombPng(int width, int height, byte[]? idat = null) =>
        TestPngs.WithHeader(width, height, idat ?? [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
}
