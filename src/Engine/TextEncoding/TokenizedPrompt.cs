namespace Engine.TextEncoding;

/// <summary>A prompt split into 77-token chunks, with the token count the UI shows as "N/75".</summary>
/// <param name="Chunks">At least one chunk (an empty prompt gives one chunk of start, end and padding).</param>
/// <param name="TokenCount">75 per full chunk plus the tokens of the last one, as A1111 counts.</param>
public sealed record TokenizedPrompt(IReadOnlyList<PromptChunk> Chunks, int TokenCount);
