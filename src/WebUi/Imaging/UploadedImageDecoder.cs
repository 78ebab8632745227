using Engine.Imaging;
using Engine.Pipelines;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace WebUi.Imaging;

/// <summary>The formats an upload may be in; anything else is refused before any decoder sees it.</summary>
public enum UploadedImageFormat
{
    Png,
    Jpeg,
    Webp,
}

/// <summary>Why an upload was refused; the page turns each into a localized message.</summary>
public enum UploadRefusal
{
    /// <summary>More bytes than <see cref="UploadedImageDecoder.MaxBytes"/>.</summary>
    TooLarge,

    /// <summary>Not PNG, JPEG or WebP by its first bytes (whatever its name or content type says).</summary>
    NotAnImage,

    /// <summary>The header claims more pixels than <see cref="GenerationLimits.MaxInitImageSide"/> or <see cref="GenerationLimits.MaxInitImagePixels"/>.</summary>
    TooManyPixels,

    /// <summary>The header or the data is damaged or cut short.</summary>
    Damaged,
}

/// <summary>An upload the decoder refused: <see cref="Reason"/> for the page, <see cref="Exception.Message"/> for logs.</summary>
public sealed class UploadedImageException : Exception
{
    public UploadedImageException()
    {
    }

    public UploadedImageException(string message)
        : base(message)
    {
    }

    public UploadedImageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UploadedImageException(UploadRefusal reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public UploadRefusal Reason { get; }

    /// <summary>Width and height the header claimed, when known.</summary>
    public (int Width, int Height)? ClaimedSize { get; init; }
}

/// <summary>A decoded upload: the RGB image the engine takes, its format and a small PNG preview for the page.</summary>
public sealed record UploadedImage(RgbImage Image, UploadedImageFormat Format, byte[] PreviewPng);

/// <summary>
/// Decodes an img2img init image from untrusted bytes. The format is chosen by magic bytes only (PNG, JPEG, WebP; never
/// TIFF, GIF, BMP or anything else ImageSharp knows); the size is capped; the dimensions are read from the header and
/// checked against <see cref="GenerationLimits"/> before any pixel is decoded; decoding runs under a configuration that
/// knows only those three formats, ignores metadata (EXIF, ICC, XMP, text chunks) and caps single allocations. Alpha is
/// composited on white, as A1111 flattens init images on its default background colour (<c>img2img_background_color</c>
/// #ffffff). A JPEG's EXIF orientation (phone photos) is read by <see cref="JpegExifOrientation"/>, not by ImageSharp's
/// metadata readers, and applied after decoding.
/// </summary>
public static class UploadedImageDecoder
{
    /// <summary>Largest upload accepted (20 MB), enough for a 4096² PNG of a typical picture.</summary>
    public const long MaxBytes = 20L * 1024 * 1024;

    /// <summary>Longest side of the preview PNG.</summary>
    public const int PreviewSide = 384;

    private static readonly byte[] s_pngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    // Only the three accepted formats are registered, so nothing here can reach a TIFF, GIF or BMP decoder. A single
    // allocation may not exceed 256 MB: a 4096² Rgba32 image is 64 MB, and the header check keeps images below that.
    private static readonly Configuration s_configuration = new(
        new PngConfigurationModule(), new JpegConfigurationModule(), new WebpConfigurationModule())
    {
        MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = 256, MaximumPoolSizeMegabytes = 64 }),
    };

    /// <summary>The format <paramref name="bytes"/> start with, or null when they are none of PNG, JPEG, WebP.</summary>
    public static UploadedImageFormat? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(s_pngSignature))
        {
            return UploadedImageFormat.Png;
        }

        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            return UploadedImageFormat.Jpeg;
        }

        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return UploadedImageFormat.Webp;
        }

        return null;
    }

    /// <summary>Decodes <paramref name="bytes"/> or throws <see cref="UploadedImageException"/> saying why not.</summary>
    public static UploadedImage Decode(byte[] bytes, GenerationLimits? limits = null)
    {
        var (format, image) = DecodeOriented(bytes, limits);
        using (image)
        {
            return new UploadedImage(Flatten(image), format, Preview(image));
        }
    }

    /// <summary>
    /// Decodes <paramref name="bytes"/> to RGB under the same checks as <see cref="Decode"/>, without a preview (the
    /// gallery rebuild's thumbnails); throws <see cref="UploadedImageException"/> saying why not.
    /// </summary>
    public static RgbImage DecodePixels(byte[] bytes, GenerationLimits? limits = null)
    {
        var (_, image) = DecodeOriented(bytes, limits);
        using (image)
        {
            return Flatten(image);
        }
    }

    private static (UploadedImageFormat Format, Image<Rgba32> Image) DecodeOriented(byte[] bytes, GenerationLimits? limits)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        limits ??= GenerationLimits.Default;
        if (bytes.LongLength > MaxBytes)
        {
            throw new UploadedImageException(UploadRefusal.TooLarge, $"The upload is {bytes.LongLength} bytes; at most {MaxBytes} allowed.");
        }

        var format = Sniff(bytes)
            ?? throw new UploadedImageException(UploadRefusal.NotAnImage, "The upload is not a PNG, JPEG or WebP image.");
        var decoder = CreateDecoder(format);

        IImageInfo info;
        try
        {
            using var headerStream = new MemoryStream(bytes, writable: false);
            info = ((IImageInfoDetector)decoder).Identify(s_configuration, headerStream, CancellationToken.None)
                ?? throw new UploadedImageException(UploadRefusal.Damaged, "The image header could not be read.");
        }
        catch (Exception ex) when (ex is ImageFormatException or InvalidMemoryOperationException or IOException or ArgumentException or InvalidOperationException)
        {
            throw new UploadedImageException(UploadRefusal.Damaged, $"The image header could not be read: {ex.Message}", ex);
        }

        if (info.Width <= 0 || info.Height <= 0)
        {
            throw new UploadedImageException(UploadRefusal.Damaged, $"The image header claims {info.Width}x{info.Height}.");
        }

        if (info.Width > limits.MaxInitImageSide || info.Height > limits.MaxInitImageSide || (long)info.Width * info.Height > limits.MaxInitImagePixels)
        {
            throw new UploadedImageException(
                UploadRefusal.TooManyPixels,
                $"The image is {info.Width}x{info.Height}; at most {limits.MaxInitImageSide} per side and {limits.MaxInitImagePixels} pixels allowed.")
            {
                ClaimedSize = (info.Width, info.Height),
            };
        }

        Image<Rgba32>? image = null;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            image = decoder.Decode<Rgba32>(s_configuration, stream, CancellationToken.None);
            if (format == UploadedImageFormat.Jpeg && JpegExifOrientation.Read(bytes) is { } orientation)
            {
                Orient(image, orientation);
            }

            return (format, image);
        }
        catch (Exception ex) when (ex is ImageFormatException or InvalidMemoryOperationException or IOException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            image?.Dispose();
            throw new UploadedImageException(UploadRefusal.Damaged, $"The image could not be decoded: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Turns a stored image upright per EXIF orientation 1..8 (TIFF 6.0's row-0/column-0 meanings): 2 mirror, 3 half
    /// turn, 4 flip, 5 transpose, 6 quarter turn clockwise, 7 transverse, 8 quarter turn anticlockwise. RotateFlip
    /// rotates first, then flips.
    /// </summary>
    private static void Orient(Image<Rgba32> image, int orientation)
    {
        var (rotate, flip) = orientation switch
        {
            2 => (RotateMode.None, FlipMode.Horizontal),
            3 => (RotateMode.Rotate180, FlipMode.None),
            4 => (RotateMode.None, FlipMode.Vertical),
            5 => (RotateMode.Rotate90, FlipMode.Horizontal),
            6 => (RotateMode.Rotate90, FlipMode.None),
            7 => (RotateMode.Rotate270, FlipMode.Horizontal),
            8 => (RotateMode.Rotate270, FlipMode.None),
            _ => (RotateMode.None, FlipMode.None),
        };
        if (rotate != RotateMode.None || flip != FlipMode.None)
        {
            image.Mutate(x => x.RotateFlip(rotate, flip));
        }
    }

    private static IImageDecoder CreateDecoder(UploadedImageFormat format) => format switch
    {
        UploadedImageFormat.Png => new PngDecoder { IgnoreMetadata = true },
        UploadedImageFormat.Jpeg => new JpegDecoder { IgnoreMetadata = true },
        _ => new WebpDecoder { IgnoreMetadata = true },
    };

    /// <summary>RGB8 with alpha composited on white: out = (c·a + 255·(255 − a)) / 255, rounded.</summary>
    private static RgbImage Flatten(Image<Rgba32> image)
    {
        var result = new RgbImage(image.Width, image.Height);
        var pixels = result.Pixels;
        var width = image.Width;
        image.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                var offset = y * width * 3;
                for (var x = 0; x < row.Length; x++)
                {
                    var p = row[x];
                    var i = offset + (x * 3);
                    if (p.A == 255)
                    {
                        pixels[i] = p.R;
                        pixels[i + 1] = p.G;
                        pixels[i + 2] = p.B;
                    }
                    else
                    {
                        var background = 255 * (255 - p.A);
                        pixels[i] = (byte)(((p.R * p.A) + background + 127) / 255);
                        pixels[i + 1] = (byte)(((p.G * p.A) + background + 127) / 255);
                        pixels[i + 2] = (byte)(((p.B * p.A) + background + 127) / 255);
                    }
                }
            }
        });
        return result;
    }

    private static byte[] Preview(Image<Rgba32> image)
    {
        using var output = new MemoryStream();
        if (image.Width <= PreviewSide && image.Height <= PreviewSide)
        {
            image.Save(output, new PngEncoder());
            return output.ToArray();
        }

        using var preview = image.Clone(x => x.Resize(new ResizeOptions
        {
            Mode = SixLabors.ImageSharp.Processing.ResizeMode.Max,
            Size = new Size(PreviewSide, PreviewSide),
        }));
        preview.Save(output, new PngEncoder());
        return output.ToArray();
    }
}
