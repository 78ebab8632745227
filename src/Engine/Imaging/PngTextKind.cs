namespace Engine.Imaging;

/// <summary>The PNG chunk a text entry came from or goes to.</summary>
public enum PngTextKind
{
    /// <summary>Uncompressed Latin-1 text.</summary>
    Text,

    /// <summary>Compressed Latin-1 text.</summary>
    CompressedText,

    /// <summary>International (UTF-8) text, compressed or not.</summary>
    InternationalText,
}
