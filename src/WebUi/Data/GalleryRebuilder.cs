using System.Buffers.Binary;
using Engine.Imaging;
using WebUi.Imaging;

namespace WebUi.Data;

/// <summary>What a rebuild did.</summary>
/// <param name="Scanned">PNGs looked at.</param>
/// <param name="Added">Records recreated.</param>
/// <param name="AlreadyRecorded">PNGs that had a record.</param>
/// <param name="WithoutInfotext">PNGs without a parameters text (left alone).</param>
public sealed record GalleryRebuildReport(int Scanned, int Added, int AlreadyRecorded, int WithoutInfotext);

/// <summary>
/// Recreates missing gallery records from the PNGs under <c>&lt;DataPath&gt;/outputs</c>, reading each file's
/// <c>parameters</c> text, for when gallery.db was lost or images were copied in by hand. Each record gets a thumbnail
/// made as <see cref="GallerySaver"/> makes them, from pixels decoded under the upload decoder's size and dimension caps
/// (a PNG copied into the folder is no more trusted than an upload); a PNG that cannot be decoded keeps its record
/// without one, and the grid shows the file itself.
/// </summary>
public sealed class GalleryRebuilder(IGalleryStore store, ILogger<GalleryRebuilder> logger)
{
    public GalleryRebuildReport Rebuild(CancellationToken cancellationToken = default)
    {
        var outputs = Path.Combine(store.DataPath, "outputs");
        if (!Directory.Exists(outputs))
        {
            return new GalleryRebuildReport(0, 0, 0, 0);
        }

        int scanned = 0, added = 0, known = 0, bare = 0;
        var files = Directory.EnumerateFiles(outputs, "*.png", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            scanned++;
            var relative = Path.GetRelativePath(store.DataPath, file).Replace(Path.DirectorySeparatorChar, '/');
            if (store.ContainsPath(relative))
            {
                known++;
                continue;
            }

            byte[] png;
            try
            {
                png = File.ReadAllBytes(file);
            }
            catch (IOException ex)
            {
                logger.LogWarning("Cannot read {File} during the gallery rebuild: {Error}", file, ex.Message);
                continue;
            }

            var infotext = PngTextReader.ReadParameters(png);
            if (string.IsNullOrWhiteSpace(infotext))
            {
                bare++;
                continue;
            }

            var (width, height) = ReadSize(png);
            var mode = relative.Contains("/img2img-", StringComparison.Ordinal) ? "img2img" : "txt2img";
            var item = GalleryItems.FromInfotext(infotext, relative, mode, width, height, File.GetLastWriteTimeUtc(file));
            store.Add(item, TryCreateThumbnail(png, file));
            store.RecordPrompt(item.Prompt, item.NegativePrompt, item.CreatedAt);
            added++;
        }

        logger.LogInformation(
            "Gallery rebuild: {Scanned} PNGs, {Added} records recreated, {Known} already recorded, {Bare} without parameters",
            scanned, added, known, bare);
        return new GalleryRebuildReport(scanned, added, known, bare);
    }

    private byte[]? TryCreateThumbnail(byte[] png, string file)
    {
        try
        {
            return Thumbnails.Create(UploadedImageDecoder.DecodePixels(png));
        }
        catch (UploadedImageException ex)
        {
            logger.LogWarning("No thumbnail for {File} during the gallery rebuild: {Error}", file, ex.Message);
            return null;
        }
    }

    // IHDR is the first chunk: width and height are its first two big-endian words.
    private static (int Width, int Height) ReadSize(byte[] png) =>
        png.Length >= 24 && png.AsSpan(12, 4).SequenceEqual("IHDR"u8)
            ? (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)))
            : (0, 0);
}
