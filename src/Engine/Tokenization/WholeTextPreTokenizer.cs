using Microsoft.ML.Tokenizers;

namespace Engine.Tokenization;

/// <summary>
/// A pre-tokenizer that keeps its input as one piece. <see cref="BpeTokenizer"/> falls back to a
/// <c>\w+|[^\w\s]+</c> split when none is given, which would cut CLIP words such as <c>'s</c> or <c>!_!</c>
/// apart; <see cref="ClipTokenizer"/> hands it exactly one CLIP word at a time.
/// </summary>
internal sealed class WholeTextPreTokenizer : PreTokenizer
{
    /// <summary>The shared instance (stateless).</summary>
    public static WholeTextPreTokenizer Instance { get; } = new();

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) =>
        string.IsNullOrEmpty(text) ? [] : [(0, text.Length)];

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) =>
        text.IsEmpty ? [] : [(0, text.Length)];
}
