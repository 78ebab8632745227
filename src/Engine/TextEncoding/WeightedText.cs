namespace Engine.TextEncoding;

/// <summary>A run of prompt text with its attention weight; <c>("BREAK", -1)</c> marks a forced chunk break.</summary>
/// <param name="Text">The text, with attention brackets and escapes already resolved.</param>
/// <param name="Weight">The product of the enclosing brackets' multipliers (Python float semantics).</param>
public readonly record struct WeightedText(string Text, double Weight)
{
    /// <summary>Whether this is the marker A1111 treats as a chunk break (text "BREAK", weight exactly −1).</summary>
    public bool IsBreak => Weight == -1 && Text == "BREAK";
}
