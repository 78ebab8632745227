using Engine.Tests.Support;
using Engine.Tokenization;

namespace Engine.Tests.Tokenization;

/// <summary>The tiny-sd2 tokenizer (SD2 vocabulary and padding), loaded once per test run.</summary>
internal static class ClipTokenizerFixture
{
    private static readonly Lazy<ClipTokenizer> s_tokenizer =
        new(() => ClipTokenizer.FromDirectory(Fixtures.Path_("tiny-sd2", "tokenizer")));

    /// <summary>Skips the calling test when the fixtures are missing.</summary>
    public static ClipTokenizer Sd2()
    {
        Fixtures.Require();
        return s_tokenizer.Value;
    }
}
