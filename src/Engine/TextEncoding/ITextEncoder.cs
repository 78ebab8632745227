namespace Engine.TextEncoding;

/// <summary>The text encoder of a model: token ids in, hidden states out (the exported graph's <c>last_hidden_state</c>).</summary>
public interface ITextEncoder
{
    /// <summary>Width of one token's hidden state (1024 for SD2's OpenCLIP ViT-H).</summary>
    int HiddenSize { get; }

    /// <summary>Encodes <paramref name="sequenceCount"/> independent sequences of equal length in one call.</summary>
    /// <param name="inputIds">The sequences one after another, <c>sequenceCount × sequenceLength</c> ids.</param>
    /// <param name="sequenceCount">How many sequences <paramref name="inputIds"/> holds.</param>
    /// <returns>Hidden states, <c>sequenceCount × sequenceLength × HiddenSize</c>, row-major.</returns>
    float[] Encode(ReadOnlySpan<int> inputIds, int sequenceCount);
}
