using System.Buffers.Binary;

namespace WebUi.Imaging;

/// <summary>
/// Reads the EXIF Orientation tag (0x0112 in IFD0) of a JPEG without a metadata library: ImageSharp's metadata readers
/// stay off for untrusted uploads, and this needs only a few bounds-checked reads. Only the first APP1 "Exif" segment and
/// its first IFD are looked at; no IFD link is followed, so a malformed file cannot loop. Anything malformed reads as
/// "no orientation" (null), never as an error.
/// </summary>
public static class JpegExifOrientation
{
    private const byte MarkerPrefix = 0xFF;
    private const byte StartOfImage = 0xD8;
    private const byte StartOfScan = 0xDA;
    private const byte EndOfImage = 0xD9;
    private const byte App1 = 0xE1;
    private const ushort OrientationTag = 0x0112;
    private const ushort TypeShort = 3;
    private const int IfdEntrySize = 12;

    private static ReadOnlySpan<byte> ExifHeader => "Exif\0\0"u8;

    /// <summary>The orientation 1..8 (1 = as stored), or null when the JPEG has none or its EXIF is malformed.</summary>
    public static int? Read(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != MarkerPrefix || jpeg[1] != StartOfImage)
        {
            return null;
        }

        // Every step moves forward, so the walk ends within the file.
        var position = 2;
        while (position + 4 <= jpeg.Length)
        {
            if (jpeg[position] != MarkerPrefix)
            {
                return null;
            }

            var marker = jpeg[position + 1];
            if (marker == MarkerPrefix)
            {
                // A fill byte before the marker.
                position++;
                continue;
            }

            if (marker is StartOfScan or EndOfImage)
            {
                return null;
            }

            // Standalone markers (TEM, RSTn) carry no length.
            if (marker == 0x01 || marker is >= 0xD0 and <= 0xD7)
            {
                position += 2;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(position + 2)..]);
            if (length < 2 || position + 2 + length > jpeg.Length)
            {
                return null;
            }

            var payload = jpeg.Slice(position + 4, length - 2);
            if (marker == App1 && payload.StartsWith(ExifHeader))
            {
                return ReadTiff(payload[ExifHeader.Length..]);
            }

            position += 2 + length;
        }

        return null;
    }

    private static int? ReadTiff(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return null;
        }

        bool bigEndian;
        if (tiff[0] == 'I' && tiff[1] == 'I')
        {
            bigEndian = false;
        }
        else if (tiff[0] == 'M' && tiff[1] == 'M')
        {
            bigEndian = true;
        }
        else
        {
            return null;
        }

        if (ReadUInt16(tiff[2..], bigEndian) != 42)
        {
            return null;
        }

        var ifd = ReadUInt32(tiff[4..], bigEndian);
        if (ifd < 8 || ifd > (uint)(tiff.Length - 2))
        {
            return null;
        }

        var entries = tiff[(int)ifd..];
        var count = ReadUInt16(entries, bigEndian);
        entries = entries[2..];
        for (var i = 0; i < count && (i + 1) * IfdEntrySize <= entries.Length; i++)
        {
            var entry = entries.Slice(i * IfdEntrySize, IfdEntrySize);
            if (ReadUInt16(entry, bigEndian) != OrientationTag)
            {
                continue;
            }

            // One SHORT, stored left-justified in the 4-byte value field.
            if (ReadUInt16(entry[2..], bigEndian) != TypeShort || ReadUInt32(entry[4..], bigEndian) != 1)
            {
                return null;
            }

            var value = ReadUInt16(entry[8..], bigEndian);
            return value is >= 1 and <= 8 ? value : null;
        }

        return null;
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
}
