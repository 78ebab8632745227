using Engine.Demo;

namespace Engine.Tests.Demo;

public sealed class DemoVocabularyTests
{
    [Fact]
    public void ByteSymbols_ClipOrder_PrintableFirstThenShifted()
    {
        var symbols = DemoVocabulary.ByteSymbols();

        Assert.Equal(256, symbols.Count);
        Assert.Equal("!", symbols[0]);
        Assert.Equal("~", symbols[93]);
        Assert.Equal("¡", symbols[94]);
        Assert.Equal("Ā", symbols[188]);
        Assert.Equal(256, symbols.Distinct().Count());
    }

    [Fact]
    public void Bpe_EveryDemoWord_IsOneToken()
    {
        var vocabulary = DemoVocabulary.Instance;

        Assert.All(DemoWords.All, word => Assert.Equal([word + "</w>"], vocabulary.Bpe(word)));
    }

    [Theory]
    [InlineData("reds", new[] { "re", "d", "s</w>" })]
    [InlineData("x", new[] { "x</w>" })]
    public void Bpe_OtherWords_SplitIntoKnownTokens(string word, string[] expected)
    {
        Assert.Equal(expected, DemoVocabulary.Instance.Bpe(word));
    }

    [Fact]
    public void Ids_SpecialTokens_AreLastTwoAndPadIsZero()
    {
        var vocabulary = DemoVocabulary.Instance;

        Assert.Equal(0, vocabulary.PadId);
        Assert.Equal(vocabulary.Count - 2, vocabulary.BosId);
        Assert.Equal(vocabulary.Count - 1, vocabulary.EosId);
        Assert.True(vocabulary.WordId("red") >= 512);
    }
}
