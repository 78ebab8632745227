using Engine.Imaging;
using WebUi.Imaging;

namespace WebUi.Api;

/// <summary>
/// Images in API bodies: base64, with or without a <c>data:image/...;base64,</c> prefix, decoded only through
/// <see cref="UploadedImageDecoder"/> (format by magic bytes, size and dimension caps before decoding) and written back
/// as base64 PNGs carrying A1111's <c>parameters</c> text.
/// </summary>
public static class ApiImages
{
    /// <summary>The bytes of a base64 image, or a 422 naming <paramref name="field"/>.</summary>
    public static byte[] FromBase64(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ApiException.Invalid(field, "The image is empty; send it as base64 (optionally with a data:image/...;base64, prefix).");
        }

        var payload = text.AsSpan().Trim();
        if (payload.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = payload.IndexOf(',');
            if (comma < 0 || !payload[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                throw ApiException.Invalid(field, "A data URL must be of the form data:image/png;base64,<data>.");
            }

            payload = payload[(comma + 1)..];
        }

        // Base64 is 4 characters per 3 bytes; refuse before allocating when the text cannot fit the decoder's cap.
        if (payload.Length > (UploadedImageDecoder.MaxBytes / 3 * 4) + 8)
        {
            throw ApiException.Invalid(field, $"The image is larger than {UploadedImageDecoder.MaxBytes / (1024 * 1024)} MB.");
        }

        var buffer = new byte[(payload.Length / 4 * 3) + 3];
        if (!Convert.TryFromBase64Chars(payload, buffer, out var written))
        {
            throw ApiException.Invalid(field, "The image is not valid base64.");
        }

        if (written == 0)
        {
            throw ApiException.Invalid(field, "The image is empty.");
        }

        return buffer.AsSpan(0, written).ToArray();
    }

    /// <summary>Decodes an init image, or a 422 naming <paramref name="field"/> with the decoder's reason.</summary>
    public static RgbImage Decode(string? text, string field)
    {
        var bytes = FromBase64(text, field);
        try
        {
            return UploadedImageDecoder.DecodePixels(bytes);
        }
        catch (UploadedImageException ex)
        {
            throw ApiException.Invalid(field, ex.Message);
        }
    }

    /// <summary>A base64 PNG of <paramref name="image"/> with <paramref name="infotext"/> as its <c>parameters</c> text chunk.</summary>
    public static string ToBase64Png(RgbImage image, string infotext) =>
        Convert.ToBase64String(PngWriter.Encode(image, [new("parameters", infotext)]));

    /// <summary>The base64 part of a job's preview data URL (<c>data:image/png;base64,...</c>), as A1111 sends previews; null stays null.</summary>
    public static string? PreviewBase64(string? dataUrl)
    {
        if (dataUrl is null)
        {
            return null;
        }

        var comma = dataUrl.IndexOf(',', StringComparison.Ordinal);
        return comma >= 0 ? dataUrl[(comma + 1)..] : dataUrl;
    }
}
