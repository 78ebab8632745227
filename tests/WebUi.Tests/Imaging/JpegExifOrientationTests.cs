using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using WebUi.Imaging;

namespace WebUi.Tests.Imaging;

/// <summary>
/// EXIF orientation of phone photos: JPEGs made by ImageSharp (which writes no EXIF of its own) with a hand-made APP1
/// segment spliced in after SOI. The stored picture is 64×32 with red, green, blue and white quadrants (TL, TR, BL, BR).
/// </summary>
public sealed class JpegExifOrientationTests
{
    private static readonly Rgba32 s_red = new(255, 0, 0);
    private static readonly Rgba32 s_green = new(0, 255, 0);
    private static readonly Rgba32 s_blue = new(0, 0, 255);
    private static readonly Rgba32 s_white = new(255, 255, 255);

    public static TheoryData<int, int, int, string, string, string, string> Orientations => new()
    {
        // orientation, upright width, height, then the upright quadrants TL, TR, BL, BR
        { 1, 64, 32, "red", "green", "blue", "white" },
        { 2, 64, 32, "green", "red", "white", "blue" },
        { 3, 64, 32, "white", "blue", "green", "red" },
        { 4, 64, 32, "blue", "white", "red", "green" },
        { 5, 32, 64, "red", "blue", "green", "white" },
        { 6, 32, 64, "blue", "red", "white", "green" },
        { 7, 32, 64, "white", "green", "blue", "red" },
        { 8, 32, 64, "green", "white", "red", "blue" },
    };

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Decode_JpegWithOrientation_IsTurnedUpright(int orientation, int width, int height, string tl, string tr, string bl, string br)
    {
        var jpeg = Splice(QuadrantJpeg(), Exif(Tiff(bigEndian: false, orientation)));

        Assert.Equal(orientation, JpegExifOrientation.Read(jpeg));
        var result = UploadedImageDecoder.Decode(jpeg);

        Assert.Equal((width, height), (result.Image.Width, result.Image.Height));
        Assert.Equal(
            [tl, tr, bl, br],
            [
                Colour(result.Image.GetPixel(width / 4, height / 4)),
                Colour(result.Image.GetPixel(width * 3 / 4, height / 4)),
                Colour(result.Image.GetPixel(width / 4, height * 3 / 4)),
                Colour(result.Image.GetPixel(width * 3 / 4, height * 3 / 4)),
            ]);
        using var preview = Image.Load<Rgba32>(result.PreviewPng);
        Assert.Equal((width, height), (preview.Width, preview.Height));
    }

    [Fact]
    public void Read_MotorolaByteOrder_ReadsTheTag()
    {
        Assert.Equal(6, JpegExifOrientation.Read(Splice(QuadrantJpeg(), Exif(Tiff(bigEndian: true, 6)))));
    }

    [Fact]
    public void Read_ExifAfterTheJfifSegment_IsFound()
    {
        var jpeg = QuadrantJpeg();
        var afterApp0 = 2 + 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(4));
        Assert.Equal(0xE0, jpeg[3]);

        Assert.Equal(8, JpegExifOrientation.Read(Splice(jpeg, Exif(Tiff(bigEndian: false, 8)), afterApp0)));
    }

    [Fact]
    public void Read_JpegWithoutExif_IsNull()
    {
        Assert.Null(JpegExifOrientation.Read(QuadrantJpeg()));
    }

    public static TheoryData<string, byte[]> MalformedSegments => new()
    {
        { "TIFF header cut short", Exif([(byte)'I', (byte)'I', 42, 0]) },
        { "unknown byte order", Exif(Patch(Tiff(false, 6), 0, (byte)'X', (byte)'X')) },
        { "not TIFF's 42", Exif(Patch(Tiff(false, 6), 2, 43, 0)) },
        { "IFD offset past the end", Exif(Patch(Tiff(false, 6), 4, 0xF0, 0xFF, 0, 0)) },
        { "IFD offset inside the header", Exif(Patch(Tiff(false, 6), 4, 0, 0, 0, 0)) },
        { "IFD offset at the very end", Exif(Patch(Tiff(false, 6), 4, 25, 0, 0, 0)) },
        { "entry count larger than the data", Exif(Patch(Tiff(false, 6)[..12], 8, 0xFF, 0xFF)) },
        { "entry cut short", Exif(Tiff(false, 6)[..18]) },
        { "orientation as a LONG", Exif(Patch(Tiff(false, 6), 12, 4, 0)) },
        { "orientation with two values", Exif(Patch(Tiff(false, 6), 14, 2, 0, 0, 0)) },
        { "orientation 0", Exif(Patch(Tiff(false, 6), 18, 0, 0)) },
        { "orientation 9", Exif(Patch(Tiff(false, 6), 18, 9, 0)) },
        { "IFD that links to itself", Exif(Patch(Tiff(false, 6), 10, 0x13, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 8, 0, 0, 0)) },
        { "APP1 that is not Exif", App1("XMP\0\0\0"u8.ToArray().Concat(Tiff(false, 6)).ToArray()) },
    };

    [Theory]
    [MemberData(nameof(MalformedSegments))]
    public void Decode_MalformedExif_IsIgnored(string why, byte[] segment)
    {
        var jpeg = Splice(QuadrantJpeg(), segment);

        Assert.True(JpegExifOrientation.Read(jpeg) is null, why);
        var result = UploadedImageDecoder.Decode(jpeg);
        Assert.Equal((64, 32), (result.Image.Width, result.Image.Height));
        Assert.Equal("red", Colour(result.Image.GetPixel(16, 8)));
    }

    public static TheoryData<string, byte[]> MalformedFiles => new()
    {
        { "empty", [] },
        { "not a JPEG", "GIF89a.."u8.ToArray() },
        { "SOI only", [0xFF, 0xD8] },
        { "APP1 longer than the file", [0xFF, 0xD8, 0xFF, 0xE1, 0x40, 0x00, .. "Exif\0\0II"u8] },
        { "segment length below 2", [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, 0xFF, 0xD9] },
        { "garbage instead of a marker", [0xFF, 0xD8, 0x12, 0x34, 0x56, 0x78] },
        { "fill bytes to the end", [0xFF, 0xD8, .. Enumerable.Repeat((byte)0xFF, 100)] },
        { "scan before any EXIF", [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, .. Exif(Tiff(false, 6))] },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void Read_MalformedFile_IsNull(string why, byte[] bytes)
    {
        Assert.True(JpegExifOrientation.Read(bytes) is null, why);
    }

    private static byte[] QuadrantJpeg()
    {
        using var image = new Image<Rgba32>(64, 32);
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                image[x, y] = (x < 32, y < 16) switch
                {
                    (true, true) => s_red,
                    (false, true) => s_green,
                    (true, false) => s_blue,
                    _ => s_white,
                };
            }
        }

        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = 100 });
        return stream.ToArray();
    }

    /// <summary>A TIFF block: header, IFD0 at 8 with one Orientation SHORT entry, next-IFD 0.</summary>
    private static byte[] Tiff(bool bigEndian, int orientation)
    {
        var tiff = new byte[26];
        void U16(int at, int value)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), (ushort)value);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), (ushort)value);
            }
        }

        tiff[0] = tiff[1] = (byte)(bigEndian ? 'M' : 'I');
        U16(2, 42);
        U16(bigEndian ? 6 : 4, 8);
        U16(8, 1);
        U16(10, 0x0112);
        U16(12, 3);
        U16(bigEndian ? 16 : 14, 1);
        U16(18, orientation);
        return tiff;
    }

    private static byte[] Exif(byte[] tiff) => App1([.. "Exif\0\0"u8, .. tiff]);

    private static byte[] App1(byte[] payload)
    {
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return segment;
    }

    private static byte[] Patch(byte[] bytes, int at, params byte[] values)
    {
        var copy = (byte[])bytes.Clone();
        values.CopyTo(copy, at);
        return copy;
    }

    private static byte[] Splice(byte[] jpeg, byte[] segment, int at = 2) => [.. jpeg[..at], .. segment, .. jpeg[at..]];

    private static string Colour((byte R, byte G, byte B) pixel) => pixel switch
    {
        ( > 200, < 60, < 60) => "red",
        ( < 60, > 200, < 60) => "green",
        ( < 60, < 60, > 200) => "blue",
        ( > 200, > 200, > 200) => "white",
        _ => $"rgb({pixel.R},{pixel.G},{pixel.B})",
    };
}
