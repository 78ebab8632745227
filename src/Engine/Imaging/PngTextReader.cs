using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Engine.Imaging;

/// <summary>
/// Reads the text chunks (tEXt, zTXt, iTXt) of a PNG, for the infotext of uploaded images. Untrusted input: every
/// length is bounds-checked, each chunk's CRC is verified, decompressed text is capped, and a malformed chunk is
/// skipped rather than trusted; reading stops at IEND or at the first structurally broken chunk header.
/// </summary>
public static class PngTextReader
{
    /// <summary>Largest decompressed text accepted per chunk.</summary>
    public const int MaxTextBytes = 1 << 20;

    /// <summary>Most chunks examined before giving up.</summary>
    public const int MaxChunks = 100_000;

    /// <summary>
    /// The text entries in file order; empty when <paramref name="png"/> is not a PNG. Pillow decodes tEXt and zTXt as
    /// Latin-1 and iTXt as UTF-8; so does this.
    /// </summary>
    public static IReadOnlyList<PngTextEntry> Read(ReadOnlySpan<byte> png)
    {
        var entries = new List<PngTextEntry>();
        if (png.Length < 8 || !png[..8].SequenceEqual(PngWriter.Signature))
        {
            return entries;
        }

        var offset = 8;
        for (var count = 0; count < MaxChunks && png.Length - offset >= 12; count++)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[offset..]);
            if (length > int.MaxValue || length > (uint)(png.Length - offset - 12))
            {
                break;
            }

            var type = png.Slice(offset + 4, 4);
            var data = png.Slice(offset + 8, (int)length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png[(offset + 8 + (int)length)..]);
            offset += 12 + (int)length;
            if (type.SequenceEqual("IEND"u8))
            {
                break;
            }

            var isText = type.SequenceEqual("tEXt"u8) || type.SequenceEqual("zTXt"u8) || type.SequenceEqual("iTXt"u8);
            if (!isText || Crc32.Compute(type, data) != crc)
            {
                continue;
            }

            var entry = type[0] == (byte)'t' ? ReadText(data) : type[0] == (byte)'z' ? ReadCompressedText(data) : ReadInternationalText(data);
            if (entry is not null)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>The value of the last <c>parameters</c> entry (as Pillow's <c>info</c> dict keeps it), or null.</summary>
    public static string? ReadParameters(ReadOnlySpan<byte> png) =>
        Read(png).LastOrDefault(e => string.Equals(e.Key, "parameters", StringComparison.Ordinal))?.Value;

    private static PngTextEntry? ReadText(ReadOnlySpan<byte> data)
    {
        var nul = data.IndexOf((byte)0);
        if (nul is < 1 or > 79 || data.Length - nul - 1 > MaxTextBytes)
        {
            return null;
        }

        return new PngTextEntry(Encoding.Latin1.GetString(data[..nul]), Encoding.Latin1.GetString(data[(nul + 1)..]), PngTextKind.Text);
    }

    private static PngTextEntry? ReadCompressedText(ReadOnlySpan<byte> data)
    {
        var nul = data.IndexOf((byte)0);
        if (nul is < 1 or > 79 || data.Length < nul + 2 || data[nul + 1] != 0)
        {
            return null;
        }

        var text = Inflate(data[(nul + 2)..]);
        return text is null ? null : new PngTextEntry(Encoding.Latin1.GetString(data[..nul]), Encoding.Latin1.GetString(text), PngTextKind.CompressedText);
    }

    private static PngTextEntry? ReadInternationalText(ReadOnlySpan<byte> data)
    {
        var nul = data.IndexOf((byte)0);
        if (nul is < 1 or > 79 || data.Length < nul + 3)
        {
            return null;
        }

        var compressed = data[nul + 1];
        var method = data[nul + 2];
        var rest = data[(nul + 3)..];
        var languageEnd = rest.IndexOf((byte)0);
        if (languageEnd < 0)
        {
            return null;
        }

        rest = rest[(languageEnd + 1)..];
        var translatedEnd = rest.IndexOf((byte)0);
        if (translatedEnd < 0)
        {
            return null;
        }

        rest = rest[(translatedEnd + 1)..];
        byte[]? text;
        if (compressed == 0)
        {
            text = rest.Length <= MaxTextBytes ? rest.ToArray() : null;
        }
        else
        {
            text = compressed == 1 && method == 0 ? Inflate(rest) : null;
        }

        if (text is null)
        {
            return null;
        }

        try
        {
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            return new PngTextEntry(Encoding.Latin1.GetString(data[..nul]), utf8.GetString(text), PngTextKind.InternationalText);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    // zlib with a cap on the output, so a small chunk cannot expand into gigabytes.
    private static byte[]? Inflate(ReadOnlySpan<byte> compressed)
    {
        try
        {
            using var input = new MemoryStream(compressed.ToArray(), writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[16384];
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                if (output.Length + read > MaxTextBytes)
                {
                    return null;
                }

                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
