namespace Engine.Numerics;

/// <summary>
/// The "resize seed from" paste of <c>ImageRNG.first</c>: noise drawn at the old latent size goes into the middle of the
/// target-size noise, or its middle is cropped out when it is larger.
/// </summary>
public static class SeedResizePaste
{
    /// <summary>Copies the overlapping centre of <paramref name="source"/> [C, sh, sw] into <paramref name="target"/> [C, th, tw].</summary>
    public static void Paste(ReadOnlySpan<float> source, int channels, int sourceHeight, int sourceWidth, Span<float> target, int targetHeight, int targetWidth)
    {
        if (source.Length != channels * sourceHeight * sourceWidth || target.Length != channels * targetHeight * targetWidth)
        {
            throw new ArgumentException("Source and target lengths must match their shapes.", nameof(target));
        }

        var (rows, targetRow, sourceRow) = Overlap(targetHeight, sourceHeight);
        var (columns, targetColumn, sourceColumn) = Overlap(targetWidth, sourceWidth);
        for (var c = 0; c < channels; c++)
        {
            for (var r = 0; r < rows; r++)
            {
                var from = (((c * sourceHeight) + sourceRow + r) * sourceWidth) + sourceColumn;
                var to = (((c * targetHeight) + targetRow + r) * targetWidth) + targetColumn;
                source.Slice(from, columns).CopyTo(target.Slice(to, columns));
            }
        }
    }

    /// <summary>
    /// Length and starts along one axis: <c>d = (target − source) // 2</c> (Python floor division), length
    /// <c>source</c> when d ≥ 0 else <c>source + 2d</c>, placed at <c>max(d, 0)</c> and read from <c>max(−d, 0)</c>.
    /// </summary>
    public static (int Length, int TargetStart, int SourceStart) Overlap(int target, int source)
    {
        var d = (int)Math.Floor((target - source) / 2.0);
        var length = d >= 0 ? source : source + (2 * d);
        return (length, Math.Max(d, 0), Math.Max(-d, 0));
    }
}
