using System.Globalization;
using Engine.Imaging;
using Engine.Pipelines;

namespace WebUi.Data;

/// <summary>
/// Writes finished images the A1111 way: <c>outputs/txt2img-images/YYYY-MM-DD/NNNNN-&lt;pattern&gt;.png</c>
/// (<c>img2img-images</c> for img2img), the counter being the folder's highest plus one, with the <c>parameters</c>
/// infotext inside. Each file is written to a temporary name, flushed to disk and then renamed, so a crash never leaves
/// a half-written PNG under a real name.
/// </summary>
public sealed class ImageFileWriter(string dataPath, string? filenamePattern = null)
{
    private const string TempPrefix = ".";
    private const string TempSuffix = ".tmp";
    private readonly Lock _lock = new();
    private readonly string _dataPath = Path.GetFullPath(dataPath);

    /// <summary>The output folder for <paramref name="mode"/>'s images, relative to the data folder.</summary>
    public static string ModeFolder(GenerationMode mode) =>
        mode == GenerationMode.ImageToImage ? "outputs/img2img-images" : "outputs/txt2img-images";

    /// <summary>Writes <paramref name="image"/>; returns its path relative to the data folder ('/' separators).</summary>
    public string Write(GeneratedImage image, GenerationRequest request, string modelName, DateTime localNow, int indexInBatch = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(request);
        var day = localNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var relativeFolder = $"{ModeFolder(request.Mode)}/{day}";
        var folder = Path.Combine(_dataPath, relativeFolder);
        Directory.CreateDirectory(folder);
        var part = FilenamePattern.Expand(filenamePattern, new FilenameContext(request, image.Seed, modelName, localNow.Date, indexInBatch));
        var png = PngWriter.Encode(image.Image, [new("parameters", image.Infotext)]);

        lock (_lock)
        {
            var temp = Path.Combine(folder, $"{TempPrefix}{Guid.NewGuid():N}{TempSuffix}");
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(png);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                for (var counter = NextNumber(folder); ; counter++)
                {
                    var name = counter.ToString("D5", CultureInfo.InvariantCulture) + (part.Length > 0 ? "-" + part : "") + ".png";
                    try
                    {
                        File.Move(temp, Path.Combine(folder, name), overwrite: false);
                        return $"{relativeFolder}/{name}";
                    }
                    catch (IOException) when (File.Exists(Path.Combine(folder, name)))
                    {
                        // Another writer (a second app on the same folder) took the number; try the next.
                    }
                }
            }
            finally
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// Deletes the temporary files that a crash (a kill, a power cut) between writing and renaming left under
    /// <c>&lt;dataPath&gt;/outputs</c>; only names this writer makes (<c>.&lt;guid&gt;.tmp</c>) are touched.
    /// Call it at start-up, before the queue runs a job: a data folder serves one app at a time, so no live write is lost.
    /// </summary>
    /// <returns>How many files were deleted.</returns>
    public static int DeleteLeftoverTempFiles(string dataPath)
    {
        var outputs = Path.Combine(dataPath, "outputs");
        if (!Directory.Exists(outputs))
        {
            return 0;
        }

        // A folder that cannot be read or a file that cannot be deleted must not keep the app from starting.
        // AttributesToSkip = 0: on Unix the leading dot makes these files "hidden".
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(outputs, TempPrefix + "*" + TempSuffix, options))
        {
            if (!IsTempName(Path.GetFileName(file)))
            {
                continue;
            }

            try
            {
                File.Delete(file);
                deleted++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left for the next start.
            }
        }

        return deleted;
    }

    /// <summary>A1111's <c>get_next_sequence_number</c>: the highest leading number of the folder's files, plus one.</summary>
    public static int NextNumber(string folder)
    {
        var highest = -1;
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                var name = Path.GetFileName(file);
                var digits = 0;
                while (digits < name.Length && char.IsAsciiDigit(name[digits]))
                {
                    digits++;
                }

                if (digits > 0 && digits < 10 && int.TryParse(name.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    highest = Math.Max(highest, number);
                }
            }
        }

        return highest + 1;
    }

    private static bool IsTempName(string name) =>
        name.Length == TempPrefix.Length + 32 + TempSuffix.Length
        && name.StartsWith(TempPrefix, StringComparison.Ordinal)
        && name.EndsWith(TempSuffix, StringComparison.Ordinal)
        && Guid.TryParseExact(name.AsSpan(TempPrefix.Length, 32), "N", out _);
}
