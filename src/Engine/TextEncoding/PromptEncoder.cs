namespace Engine.TextEncoding;

/// <summary>
/// Turns prompt text into conditioning the way AUTOMATIC1111 does for SD2 (modules/sd_hijack_clip.py): attention
/// syntax parsed, each 75-token chunk encoded as 77 tokens, weights applied per <see cref="EmphasisMode"/>, chunks
/// concatenated.
/// </summary>
public sealed class PromptEncoder
{
    /// <summary>Tokens in one encoded chunk: start token, 75 prompt tokens, end token.</summary>
    public const int ChunkTokens = PromptChunker.ChunkLength + 2;

    private readonly PromptChunker _chunker;
    private readonly ITextEncoder _textEncoder;

    public PromptEncoder(PromptChunker chunker, ITextEncoder textEncoder)
    {
        ArgumentNullException.ThrowIfNull(chunker);
        ArgumentNullException.ThrowIfNull(textEncoder);
        _chunker = chunker;
        _textEncoder = textEncoder;
    }

    /// <summary>Tokenizes without encoding: what the prompt box's token counter needs.</summary>
    public TokenizedPrompt Tokenize(string prompt, EmphasisMode emphasis = EmphasisMode.Original)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return emphasis == EmphasisMode.None
            ? _chunker.Tokenize([new WeightedText(prompt, 1.0)])
            : _chunker.Tokenize(prompt);
    }

    /// <summary>Encodes one prompt (already expanded from any prompt-editing schedule).</summary>
    public PromptEmbedding Encode(string prompt, EmphasisMode emphasis = EmphasisMode.Original)
    {
        var tokenized = Tokenize(prompt, emphasis);
        var chunks = tokenized.Chunks;
        var ids = new int[chunks.Count * ChunkTokens];
        for (var c = 0; c < chunks.Count; c++)
        {
            chunks[c].InputIds.CopyTo(ids, c * ChunkTokens);
        }

        var hidden = _textEncoder.HiddenSize;
        var states = _textEncoder.Encode(ids, chunks.Count);
        if (states.Length != ids.Length * hidden)
        {
            throw new InvalidOperationException(
                $"The text encoder returned {states.Length} values for {chunks.Count} chunk(s); expected {ids.Length * hidden}.");
        }

        Span<float> multipliers = stackalloc float[ChunkTokens];
        for (var c = 0; c < chunks.Count; c++)
        {
            var source = chunks[c].Multipliers;
            for (var t = 0; t < ChunkTokens; t++)
            {
                // torch.asarray turns A1111's Python-float multipliers into float32 before multiplying.
                multipliers[t] = (float)source[t];
            }

            PromptEmphasis.Apply(states.AsSpan(c * ChunkTokens * hidden, ChunkTokens * hidden), multipliers, emphasis);
        }

        return new PromptEmbedding(states, ids.Length, hidden, tokenized.TokenCount);
    }

    /// <summary>
    /// Expands prompt editing and alternation for <paramref name="steps"/> sampling steps and encodes each distinct text
    /// once.
    /// </summary>
    public ConditioningSchedule EncodeSchedule(string prompt, int steps, EmphasisMode emphasis = EmphasisMode.Original)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var cache = new Dictionary<string, PromptEmbedding>(StringComparer.Ordinal);
        var entries = new List<ScheduledConditioning>();
        foreach (var scheduled in PromptScheduleParser.GetSchedule(prompt, steps))
        {
            if (!cache.TryGetValue(scheduled.Text, out var embedding))
            {
                embedding = Encode(scheduled.Text, emphasis);
                cache[scheduled.Text] = embedding;
            }

            entries.Add(new ScheduledConditioning(scheduled.EndAtStep, scheduled.Text, embedding));
        }

        return new ConditioningSchedule(entries);
    }
}
