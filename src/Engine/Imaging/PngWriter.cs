using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Engine.Imaging;

/// <summary>
/// Writes 8-bit RGB PNGs with text chunks, choosing the chunk type as Pillow's <c>PngInfo.add_text</c> does (which
/// AUTOMATIC1111 uses for the <c>parameters</c> infotext): tEXt when key and value are Latin-1, otherwise iTXt (UTF-8,
/// uncompressed, empty language and translated keyword).
/// </summary>
public static class PngWriter
{
    internal static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The PNG of <paramref name="image"/> with <paramref name="texts"/> (key → value, in order) before the image data.</summary>
    /// <exception cref="ArgumentException">A key is empty, longer than 79 bytes or not Latin-1, or contains a NUL.</exception>
    public static byte[] Encode(RgbImage image, IEnumerable<KeyValuePair<string, string>>? texts = null)
    {
        using var stream = new MemoryStream();
        Write(stream, image, texts);
        return stream.ToArray();
    }

    /// <summary>Writes the PNG of <paramref name="image"/> to <paramref name="output"/>.</summary>
    public static void Write(Stream output, RgbImage image, IEnumerable<KeyValuePair<string, string>>? texts = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(image);
        var textChunks = (texts ?? []).Select(pair => TextChunk(pair.Key, pair.Value)).ToList();

        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], image.Height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: truecolour
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR"u8, header);
        foreach (var (type, data) in textChunks)
        {
            WriteChunk(output, type, data);
        }

        WriteChunk(output, "IDAT"u8, CompressRows(image));
        WriteChunk(output, "IEND"u8, []);
    }

    /// <summary>The chunk type Pillow would store (key, value) in.</summary>
    public static PngTextKind KindFor(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        return IsLatin1(key) && IsLatin1(value) ? PngTextKind.Text : PngTextKind.InternationalText;
    }

    internal static bool IsLatin1(string text)
    {
        foreach (var ch in text)
        {
            if (ch > '\u00FF')
            {
                return false;
            }
        }

        return true;
    }

    private static (byte[] Type, byte[] Data) TextChunk(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (string.IsNullOrEmpty(key) || key.Length > 79 || key.Contains('\0', StringComparison.Ordinal) || !IsLatin1(key))
        {
            throw new ArgumentException($"PNG text keyword '{key}' must be 1 to 79 Latin-1 characters without NUL.", nameof(key));
        }

        var keyBytes = Encoding.Latin1.GetBytes(key);
        if (KindFor(key, value) == PngTextKind.Text)
        {
            return ("tEXt"u8.ToArray(), [.. keyBytes, 0, .. Encoding.Latin1.GetBytes(value)]);
        }

        // keyword NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL, UTF-8 text.
        return ("iTXt"u8.ToArray(), [.. keyBytes, 0, 0, 0, 0, 0, .. Encoding.UTF8.GetBytes(value)]);
    }

    private static byte[] CompressRows(RgbImage image)
    {
        var stride = image.Width * 3;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[stride + 1];
            var previous = new byte[stride];
            for (var y = 0; y < image.Height; y++)
            {
                var current = image.Pixels.AsSpan(y * stride, stride);
                // Filter "Sub" on the first row and "Up" on the others: cheap, and smooth images compress well.
                if (y == 0)
                {
                    row[0] = 1;
                    for (var i = 0; i < stride; i++)
                    {
                        row[i + 1] = (byte)(current[i] - (i >= 3 ? current[i - 3] : 0));
                    }
                }
                else
                {
                    row[0] = 2;
                    for (var i = 0; i < stride; i++)
                    {
                        row[i + 1] = (byte)(current[i] - previous[i]);
                    }
                }

                zlib.Write(row);
                current.CopyTo(previous);
            }
        }

        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(type, data));
        output.Write(word);
    }
}
