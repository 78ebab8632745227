using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace WebUi.Tests;

/// <summary>Hand-made PNG and JPEG bytes for hostile-input tests: chunks with their CRC, and deflated runs of zeros.</summary>
public static class TestPngs
{
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A PNG (8-bit RGB) whose header says <paramref name="width"/>×<paramref name="height"/>, with <paramref name="idat"/> as its data.</summary>
    public static byte[] WithHeader(int width, int height, byte[] idat)
    {
        using var stream = new MemoryStream();
        stream.Write(Signature);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // colour type RGB
        WriteChunk(stream, "IHDR", ihdr);
        WriteChunk(stream, "IDAT", idat);
        WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    /// <summary>A PNG whose IDAT really holds <paramref name="width"/>×<paramref name="height"/> RGB zeros, deflated about a thousandfold.</summary>
    public static byte[] ZeroFilled(int width, int height) => WithHeader(width, height, DeflatedZeros((long)height * ((width * 3L) + 1)));

    /// <summary><paramref name="count"/> zero bytes as a zlib stream.</summary>
    public static byte[] DeflatedZeros(long count)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var block = new byte[1 << 20];
            for (var left = count; left > 0; left -= block.Length)
            {
                zlib.Write(block, 0, (int)Math.Min(block.Length, left));
            }
        }

        return output.ToArray();
    }

    public static void WriteChunk(Stream stream, string type, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        stream.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typeAndData));
        stream.Write(word);
    }

    /// <summary>PNG's CRC-32 (ISO 3309).</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>Where JPEG marker FF<paramref name="marker"/> starts.</summary>
    public static int IndexOfJpegMarker(byte[] jpeg, byte marker)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        for (var i = 2; i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == marker)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"No marker FF{marker:X2}.");
    }
}
