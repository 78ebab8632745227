namespace Engine.TextEncoding;

/// <summary>
/// A prompt's conditioning over the sampling steps, from prompt editing <c>[from:to:when]</c> and alternation
/// <c>[a|b]</c>: each entry holds until its <see cref="ScheduledConditioning.EndAtStep"/>.
/// </summary>
public sealed class ConditioningSchedule
{
    public ConditioningSchedule(IReadOnlyList<ScheduledConditioning> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            throw new ArgumentException("A conditioning schedule needs at least one entry.", nameof(entries));
        }

        Entries = entries;
    }

    public IReadOnlyList<ScheduledConditioning> Entries { get; }

    /// <summary>True when every step uses the same conditioning.</summary>
    public bool IsConstant => Entries.Count == 1;

    /// <summary>
    /// The conditioning for the 0-based sampling step <paramref name="step"/>: the first entry whose end step is at or
    /// after it, as A1111's <c>reconstruct_cond_batch</c> picks it (so step 0 and step 1 both use an entry ending at 1).
    /// </summary>
    public PromptEmbedding ForStep(int step)
    {
        foreach (var entry in Entries)
        {
            if (step <= entry.EndAtStep)
            {
                return entry.Embedding;
            }
        }

        return Entries[^1].Embedding;
    }
}
