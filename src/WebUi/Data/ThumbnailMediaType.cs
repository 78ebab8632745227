namespace WebUi.Data;

/// <summary>
/// The media type of stored thumbnail bytes, read from their signature: thumbnails are JPEG now, PNG in databases
/// written before, and the response must name what the bytes are (browsers are told not to guess).
/// </summary>
public static class ThumbnailMediaType
{
    public const string Jpeg = "image/jpeg";

    public const string Png = "image/png";

    public static string Of(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        return "application/octet-stream";
    }
}
