using System.Globalization;

namespace WebUi.ModelImport;

/// <summary>Byte counts as people read them (1 decimal, binary multiples: 1.5 GB is 1.5 × 1024³ bytes).</summary>
public static class ByteSize
{
    private static readonly string[] s_units = ["B", "KB", "MB", "GB", "TB"];

    /// <summary><paramref name="bytes"/> as "512 B", "12.3 MB", "4.2 GB".</summary>
    public static string Format(long bytes)
    {
        double value = Math.Max(0, bytes);
        var unit = 0;
        while (value >= 1024 && unit < s_units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {s_units[unit]}");
    }
}
