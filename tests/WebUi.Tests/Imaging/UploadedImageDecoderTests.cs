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

    private static byte[] Encode(SixLabors.ImageSharp.Formats.IImageEncoder encoder, int width, int height, Rgba32 colour)
    {
        using var image = new Image<Rgba32>(width, height, colour);
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    /// <summary>A PNG whose IHDR claims <paramref name="width"/>×<paramref name="height"/> RGB, with a tiny IDAT and IEND.</summary>
    private static byte[] BombPng(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // colour type RGB
        WriteChunk(stream, "IHDR", ihdr);
        WriteChunk(stream, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typeAndData));
        stream.Write(word);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
