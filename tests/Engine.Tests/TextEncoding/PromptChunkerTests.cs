using System.Text.Json;
using Engine.Tests.Support;
using Engine.Tests.Tokenization;
using Engine.TextEncoding;

namespace Engine.Tests.TextEncoding;

public sealed class PromptChunkerTests
{
    [SkippableTheory]
    [InlineData("prompt")]
    [InlineData("negative")]
    public void Tokenize_A1111Fixture_MatchesParseIdsAndMultipliers(string key)
    {
        var chunker = new PromptChunker(ClipTokenizerFixture.Sd2());
        using var document = JsonDocument.Parse(File.ReadAllText(Fixtures.Path_("reference", "tiny-sd2", "a1111", "text", key + ".json")));
        var root = document.RootElement;
        var text = root.GetProperty("text").GetString()!;

        var expectedParse = root.GetProperty("parse_prompt_attention").EnumerateArray()
            .Select(p => new WeightedText(p[0].GetString()!, p[1].GetDouble()));
        Assert.Equal(expectedParse, PromptAttentionParser.Parse(text));

        var result = chunker.Tokenize(text);
        Assert.Equal(root.GetProperty("token_count").GetInt32(), result.TokenCount);
        var expectedChunks = root.GetProperty("chunks").EnumerateArray().ToArray();
        Assert.Equal(expectedChunks.Length, result.Chunks.Count);
        for (var i = 0; i < expectedChunks.Length; i++)
        {
            Assert.Equal(Ints(expectedChunks[i].GetProperty("tokens_before_padding_fix")), result.Chunks[i].TokensBeforePaddingFix);
            Assert.Equal(Ints(expectedChunks[i].GetProperty("input_ids")), result.Chunks[i].InputIds);
            Assert.Equal(expectedChunks[i].GetProperty("multipliers").EnumerateArray().Select(e => e.GetDouble()),
                result.Chunks[i].Multipliers);
        }

        var npy = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "a1111", "text", key + "_input_ids.npy"));
        Assert.Equal([1, 77], npy.Shape);
        Assert.Equal(npy.AsInt32(), result.Chunks[0].InputIds);
    }

    [SkippableFact]
    public void Tokenize_EmptyPrompt_GivesOnePaddedChunk()
    {
        var result = new PromptChunker(ClipTokenizerFixture.Sd2()).Tokenize("");

        var chunk = Assert.Single(result.Chunks);
        Assert.Equal(0, result.TokenCount);
        Assert.Equal([49406, 49407, 0], chunk.InputIds[..3]);
        Assert.All(chunk.InputIds[2..], id => Assert.Equal(0, id));
        Assert.All(chunk.Multipliers, m => Assert.Equal(1.0, m));
    }

    [SkippableTheory]
    [InlineData(74, 1, 74)]
    [InlineData(75, 1, 75)]
    [InlineData(76, 2, 76)]
    [InlineData(151, 3, 151)]
    public void Tokenize_LongPromptWithoutCommas_PacksSeventyFivePerChunk(int words, int expectedChunks, int expectedCount)
    {
        var result = new PromptChunker(ClipTokenizerFixture.Sd2()).Tokenize(string.Join(' ', Enumerable.Repeat("cat", words)));

        Assert.Equal(expectedChunks, result.Chunks.Count);
        Assert.Equal(expectedCount, result.TokenCount);
        foreach (var chunk in result.Chunks)
        {
            Assert.Equal(77, chunk.InputIds.Length);
            Assert.Equal(49406, chunk.InputIds[0]);
        }

        // a full chunk ends in its own end token; otherwise the padding after the first end token is 0
        Assert.Equal(words >= 75 ? 49407 : 0, result.Chunks[0].InputIds[76]);
    }

    [SkippableFact]
    public void Tokenize_CommaNearBoundary_MovesTextAfterCommaToNextChunk()
    {
        // 70 x "cat", a comma (token 71), then 10 x "dog": the chunk fills at 75 with the comma 4 tokens back.
        var prompt = string.Join(' ', Enumerable.Repeat("cat", 70)) + ", " + string.Join(' ', Enumerable.Repeat("dog", 10));

        var result = new PromptChunker(ClipTokenizerFixture.Sd2()).Tokenize(prompt);

        Assert.Equal(2, result.Chunks.Count);
        var first = result.Chunks[0];
        Assert.Equal(267, first.InputIds[71]);
        Assert.Equal(49407, first.InputIds[72]);
        Assert.All(first.InputIds[73..], id => Assert.Equal(0, id));
        Assert.Equal(49407, first.TokensBeforePaddingFix[76]);
        var second = result.Chunks[1];
        Assert.Equal(Enumerable.Repeat(1929, 10), second.InputIds[1..11]);
        Assert.Equal(49407, second.InputIds[11]);
        Assert.Equal(75 + 10, result.TokenCount);
    }

    [SkippableFact]
    public void Tokenize_CommaTooFarBack_SplitsAtSeventyFive()
    {
        var prompt = string.Join(' ', Enumerable.Repeat("cat", 40)) + ", " + string.Join(' ', Enumerable.Repeat("dog", 40));

        var result = new PromptChunker(ClipTokenizerFixture.Sd2()).Tokenize(prompt);

        Assert.Equal(2, result.Chunks.Count);
        Assert.Equal(1929, result.Chunks[0].InputIds[75]);
        Assert.Equal(81, result.TokenCount);
    }

    [SkippableFact]
    public void Tokenize_BacktrackDisabled_SplitsAtSeventyFive()
    {
        var prompt = string.Join(' ', Enumerable.Repeat("cat", 70)) + ", " + string.Join(' ', Enumerable.Repeat("dog", 10));

        var result = new PromptChunker(ClipTokenizerFixture.Sd2(), commaPaddingBacktrack: 0).Tokenize(prompt);

        Assert.Equal(1929, result.Chunks[0].InputIds[75]);
        Assert.Equal(81, result.TokenCount);
    }

    [SkippableFact]
    public void Tokenize_Break_StartsNewChunkAndKeepsWeights()
    {
        var result = new PromptChunker(ClipTokenizerFixture.Sd2()).Tokenize("(cat:1.5) BREAK dog");

        Assert.Equal(2, result.Chunks.Count);
        Assert.Equal([49406, 2368, 49407, 0], result.Chunks[0].InputIds[..4]);
        Assert.Equal([1.0, 1.5, 1.0], result.Chunks[0].Multipliers[..3]);
        Assert.Equal([49406, 1929, 49407, 0], result.Chunks[1].InputIds[..4]);
        Assert.Equal(75 + 1, result.TokenCount);
    }

    [SkippableFact]
    public void Tokenize_ExclamationInPrompt_IsTokenNotPadding()
    {
        var result = new PromptChunker(ClipTokenizerFixture.Sd2()).Tokenize("wow!");

        Assert.Equal([256, 49407, 0], result.Chunks[0].InputIds[2..5]);
    }

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();
}
