namespace Engine.Imaging;

/// <summary>One PNG text chunk's keyword and value.</summary>
/// <param name="Key">The keyword (e.g. <c>parameters</c>).</param>
/// <param name="Value">The text.</param>
/// <param name="Kind">The chunk type it was stored in.</param>
public sealed record PngTextEntry(string Key, string Value, PngTextKind Kind);
