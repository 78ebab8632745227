namespace Engine.TextEncoding;

/// <summary>
/// Applies token weights to one encoded 77-token chunk the way AUTOMATIC1111's sd_emphasis.py does
/// (<c>EmphasisOriginal.after_transformers</c>): <c>z *= w</c>, then <c>z *= mean(z_before) / mean(z_after)</c>, both means
/// taken over the whole chunk.
/// </summary>
public static class PromptEmphasis
{
    /// <summary>Weights <paramref name="hiddenStates"/> ([tokens, hidden], row-major) in place.</summary>
    /// <param name="hiddenStates">One chunk's hidden states: <paramref name="multipliers"/>.Length rows of hidden values.</param>
    /// <param name="multipliers">One weight per token of the chunk.</param>
    /// <param name="mode">The emphasis mode; <see cref="EmphasisMode.Ignore"/> and <see cref="EmphasisMode.None"/> leave the values alone.</param>
    public static void Apply(Span<float> hiddenStates, ReadOnlySpan<float> multipliers, EmphasisMode mode)
    {
        if (mode is EmphasisMode.Ignore or EmphasisMode.None)
        {
            return;
        }

        if (multipliers.Length == 0 || hiddenStates.Length % multipliers.Length != 0)
        {
            throw new ArgumentException(
                $"Hidden states ({hiddenStates.Length} values) do not divide into {multipliers.Length} token rows.", nameof(hiddenStates));
        }

        var allOnes = true;
        foreach (var m in multipliers)
        {
            allOnes &= m == 1f;
        }

        if (allOnes)
        {
            return;
        }

        var hidden = hiddenStates.Length / multipliers.Length;
        var originalMean = Mean(hiddenStates);
        for (var t = 0; t < multipliers.Length; t++)
        {
            var row = hiddenStates.Slice(t * hidden, hidden);
            var m = multipliers[t];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] *= m;
            }
        }

        if (mode != EmphasisMode.Original)
        {
            return;
        }

        var newMean = Mean(hiddenStates);
        // torch computes original_mean / new_mean in float32 and multiplies every element by that one factor.
        var factor = (float)originalMean / (float)newMean;
        for (var i = 0; i < hiddenStates.Length; i++)
        {
            hiddenStates[i] *= factor;
        }
    }

    private static double Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }
}
