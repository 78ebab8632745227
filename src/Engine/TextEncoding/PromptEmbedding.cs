namespace Engine.TextEncoding;

/// <summary>
/// The conditioning of one prompt: the hidden states of all its 77-token chunks, concatenated along the token axis
/// (<c>[TokenCount, HiddenSize]</c>, row-major), as the U-Net's <c>encoder_hidden_states</c> takes them.
/// </summary>
/// <param name="HiddenStates">Row-major values; treat as read-only, the same instance may be shared between steps.</param>
/// <param name="TokenCount">77 times the number of chunks.</param>
/// <param name="HiddenSize">Width of one token's hidden state.</param>
/// <param name="PromptTokenCount">Tokens the prompt itself used, as the UI's "N/75" counter shows.</param>
public sealed record PromptEmbedding(float[] HiddenStates, int TokenCount, int HiddenSize, int PromptTokenCount)
{
    /// <summary>Number of 77-token chunks.</summary>
    public int ChunkCount => TokenCount / PromptEncoder.ChunkTokens;
}
