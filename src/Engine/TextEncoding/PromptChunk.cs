namespace Engine.TextEncoding;

/// <summary>One 77-token window of a prompt, as A1111 feeds it to the text encoder.</summary>
/// <param name="InputIds">
/// <c>[start] + 75 tokens + [end]</c>; when the model pads with a different id than the end token (SD2), every
/// position after the first end token holds the pad id.
/// </param>
/// <param name="Multipliers">Attention weight per position; 1.0 for start, end and padding.</param>
/// <param name="TokensBeforePaddingFix">The ids before that pad substitution (padding still the end token).</param>
public sealed record PromptChunk(int[] InputIds, double[] Multipliers, int[] TokensBeforePaddingFix);
