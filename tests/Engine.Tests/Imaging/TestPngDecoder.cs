using System.Buffers.Binary;
using System.IO.Compression;
using Engine.Imaging;

namespace Engine.Tests.Imaging;

/// <summary>Minimal decoder for 8-bit RGB/RGBA non-interlaced PNGs (all five filters), to check written pixels.</summary>
internal static class TestPngDecoder
{
    public static RgbImage Decode(byte[] png)
    {
        int width = 0, height = 0, colorType = 0;
        using var idat = new MemoryStream();
        var offset = 8;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);
                colorType = data[9];
                Assert.Equal(0, data[12]);
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            offset += 12 + length;
        }

        var channels = colorType == 6 ? 4 : 3;
        Assert.True(colorType is 2 or 6, $"colour type {colorType}");
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var bytes = raw.ToArray();
        var stride = width * channels;
        var previous = new byte[stride];
        var current = new byte[stride];
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var filter = bytes[y * (stride + 1)];
            var line = bytes.AsSpan((y * (stride + 1)) + 1, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? current[i - channels] : 0, b = previous[i], c = i >= channels ? previous[i - channels] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"filter {filter}"),
                };
                current[i] = (byte)(line[i] + predictor);
            }

            for (var x = 0; x < width; x++)
            {
                for (var ch = 0; ch < 3; ch++)
                {
                    image.Pixels[(3 * ((y * width) + x)) + ch] = current[(x * channels) + ch];
                }
            }

            (previous, current) = (current, previous);
        }

        return image;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
