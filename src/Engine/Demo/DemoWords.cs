namespace Engine.Demo;

/// <summary>The words the demo vocabulary knows as whole tokens, and which of them carry meaning.</summary>
public static class DemoWords
{
    /// <summary>Colour words with CSS colour values.</summary>
    public static IReadOnlyList<DemoColor> Colors { get; } =
    [
        new("red", 255, 0, 0),
        new("green", 0, 128, 0),
        new("blue", 0, 0, 255),
        new("yellow", 255, 255, 0),
        new("white", 255, 255, 255),
        new("black", 0, 0, 0),
        new("pink", 255, 192, 203),
        new("purple", 128, 0, 128),
        new("orange", 255, 165, 0),
        new("cyan", 0, 255, 255),
        new("magenta", 255, 0, 255),
        new("brown", 165, 42, 42),
        new("gray", 128, 128, 128),
        new("grey", 128, 128, 128),
    ];

    /// <summary>Draws a disc of radius 0.3·min(height, width).</summary>
    public const string Circle = "circle";

    /// <summary>Draws a square of half side 0.25·min(height, width).</summary>
    public const string Square = "square";

    /// <summary>Makes the colour word just before it the background colour.</summary>
    public const string Background = "background";

    /// <summary>Words with a token of their own but no effect on the picture (common prompt vocabulary).</summary>
    public static IReadOnlyList<string> Neutral { get; } =
    [
        "anime", "girl", "boy", "cat", "dog", "hair", "eyes", "smile", "masterpiece", "best", "quality",
        "worst", "lowres", "blurry", "bad", "anatomy", "detailed", "photo", "portrait", "landscape", "painting",
        "sky", "flower", "the", "and", "on", "with", "of", "in",
    ];

    /// <summary>Every whole-word token, in the order their merges are generated.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. Colors.Select(c => c.Word), Circle, Square, Background, .. Neutral];
}
