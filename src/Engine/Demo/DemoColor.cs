namespace Engine.Demo;

/// <summary>A colour word and the sRGB value the demo model paints for it.</summary>
/// <param name="Word">The prompt word.</param>
/// <param name="R">Red, 0..255.</param>
/// <param name="G">Green, 0..255.</param>
/// <param name="B">Blue, 0..255.</param>
public sealed record DemoColor(string Word, byte R, byte G, byte B)
{
    /// <summary>The colour in the VAE's image range [-1, 1], red, green, blue.</summary>
    public (float R, float G, float B) ToImageRange() => (R / 127.5f - 1f, G / 127.5f - 1f, B / 127.5f - 1f);
}
