using Engine.Tokenization;

namespace Engine.Tests.Tokenization;

public sealed class ClipTextNormalizerTests
{
    [Theory]
    [InlineData("HTML entities &lt;3", "HTML entities <3")]
    [InlineData("<em>HTML entities &lt;3</em>", "<em>HTML entities &lt;3</em>")]
    [InlineData("&amp;amp;", "&")]
    [InlineData("P&EACUTE;REZ", "PÉREZ")]
    [InlineData("&#x41;&#66;&#x92;", "AB'")]
    [InlineData("this&not that", "this&not that")]
    [InlineData("\u001b[36;44mblue\u001b[0m", "blue")]
    [InlineData("\ufb02u\ufb03e\ufb06", "fluffiest")]
    [InlineData("ＬＯＵＤ　ＮＯＩＳＥＳ", "LOUD NOISES")]
    [InlineData("Ｕﾀｰﾝ", "Uターン")]
    [InlineData("\u201chere\u2019s a test\u201d", "\"here's a test\"")]
    [InlineData("a\r\nb\rc\u2028d\u2029e", "a\nb\nc\nd\ne")]
    [InlineData("\ufeffParty\u0001\u007f\u206a", "Party")]
    [InlineData("e\u0301", "é")]
    [InlineData("\u0085", "…")]
    [InlineData("keep\ttab\u200djoiner", "keep\ttab\u200djoiner")]
    public void FixText_UserText_FixedLikeFtfy(string input, string expected)
    {
        Assert.Equal(expected, ClipTextNormalizer.FixText(input));
    }

    [Fact]
    public void FixText_LoneSurrogate_BecomesReplacementCharacter()
    {
        Assert.Equal("a\uFFFDb\U0001F600", ClipTextNormalizer.FixText("a\uD800b\U0001F600"));
    }

    [Fact]
    public void FixText_AngleBracketLine_StopsHtmlUnescapeForLaterLines()
    {
        Assert.Equal("&\n<b> &amp;\n&amp;", ClipTextNormalizer.FixText("&amp;\n<b> &amp;\n&amp;"));
    }

    [Theory]
    [InlineData("  A   Photo\tOf\n\nA  Dog  ", "a photo of a dog")]
    [InlineData("&lt;b&gt; &amp;amp", "<b> &")]
    [InlineData("this&not that", "this¬ that")]
    [InlineData("ΟΔΟΣ Σ", "οδος σ")]
    [InlineData("İ", "i\u0307")]
    [InlineData("", "")]
    public void Normalize_Text_MatchesClipCleanup(string input, string expected)
    {
        Assert.Equal(expected, ClipTextNormalizer.Normalize(input));
    }

    [Theory]
    [InlineData("\ufb01", "fi")]
    [InlineData("\u01c6", "d\u017e")]
    public void FixLatinLigatures_Ligature_Split(string input, string expected)
    {
        Assert.Equal(expected, ClipTextNormalizer.FixLatinLigatures(input));
    }

    [Theory]
    [InlineData("\uff21\uff11\uff01", "A1!")]
    [InlineData("\uff76\uff9e", "\u30ab\u3099")]
    [InlineData("\u3000", " ")]
    [InlineData("猫", "猫")]
    public void FixCharacterWidth_WidthForms_BecomeStandardWidth(string input, string expected)
    {
        Assert.Equal(expected, ClipTextNormalizer.FixCharacterWidth(input));
    }

    [Fact]
    public void FixC1Controls_C1Range_DecodedAsWindows1252()
    {
        Assert.Equal("\u20ac\u0081\u2019", ClipTextNormalizer.FixC1Controls("\u0080\u0081\u0092"));
    }

    [Fact]
    public void RemoveControlCharacters_KeepsWhitespaceControls()
    {
        Assert.Equal("a\t\n\f\rb", ClipTextNormalizer.RemoveControlCharacters("a\t\n\u000b\f\r\u0000b"));
    }
}
