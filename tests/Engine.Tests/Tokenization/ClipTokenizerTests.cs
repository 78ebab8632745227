using System.Diagnostics;
using System.Text.Json;
using Engine.Tests.Support;
using Engine.Tokenization;

namespace Engine.Tests.Tokenization;

public sealed class ClipTokenizerTests
{
    public static TheoryData<int> PublicPromptIndexes => new() { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };

    [SkippableTheory]
    [MemberData(nameof(PublicPromptIndexes))]
    public void EncodeForModel_PublicPrompt_MatchesReferenceIds(int index)
    {
        var tokenizer = ClipTokenizerFixture.Sd2();
        using var document = JsonDocument.Parse(File.ReadAllText(Fixtures.Path_("tokens-public.json")));
        var entry = document.RootElement.GetProperty("prompts")[index];
        var expected = entry.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();

        Assert.Equal(expected, tokenizer.EncodeForModel(entry.GetProperty("prompt").GetString()!));
    }

    [SkippableTheory]
    [InlineData("cond")]
    [InlineData("uncond")]
    public void EncodeForModel_ReferencePromptPair_MatchesTokensJson(string key)
    {
        var tokenizer = ClipTokenizerFixture.Sd2();
        using var document = JsonDocument.Parse(File.ReadAllText(Fixtures.Path_("reference", "tiny-sd2", "text", "tokens.json")));
        var entry = document.RootElement.GetProperty(key);
        var expected = entry.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();

        Assert.Equal(expected, tokenizer.EncodeForModel(entry.GetProperty("text").GetString()!));
    }

    [SkippableFact]
    public void EncodeForModel_ReferencePromptPair_MatchesNpyIds()
    {
        var tokenizer = ClipTokenizerFixture.Sd2();
        var cond = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "text", "cond_input_ids.npy")).AsInt32();
        var uncond = NpyArray.Load(Fixtures.Path_("reference", "tiny-sd2", "text", "uncond_input_ids.npy")).AsInt32();

        Assert.Equal(cond, tokenizer.EncodeForModel("anime, a beautiful girl with black hair and red eyes, kimono, 4k, detailed"));
        Assert.Equal(uncond, tokenizer.EncodeForModel("lowres, bad anatomy"));
    }

    [SkippableFact]
    public void FromDirectory_Sd2Tokenizer_ReadsSpecialTokens()
    {
        var tokenizer = ClipTokenizerFixture.Sd2();

        Assert.Equal(49406, tokenizer.StartTokenId);
        Assert.Equal(49407, tokenizer.EndTokenId);
        Assert.Equal(0, tokenizer.PadTokenId);
        Assert.Equal(267, tokenizer.CommaTokenId);
        Assert.Equal(49408, tokenizer.VocabularySize);
    }

    // Expected ids derived by hand from vocab.json/merges.txt with CLIP's algorithm (clean-up, pre-tokenizer regex,
    // byte-level BPE with </w>); the reference tokenizers disagree with each other on some of these, so the public
    // fixture leaves them out.
    [SkippableTheory]
    [InlineData("!", new[] { 256 })]
    [InlineData("hello!!", new[] { 3306, 748 })]
    [InlineData("&amp;", new[] { 261 })]
    [InlineData("&lt;3", new[] { 283, 274 })]
    [InlineData("&amp;lt;3", new[] { 283, 274 })]
    [InlineData("ＡＢＣ１２３", new[] { 5334, 272, 273, 274 })]
    [InlineData("abc123", new[] { 5334, 272, 273, 274 })]
    [InlineData("猫耳の女の子", new[] { 163, 234, 104, 164, 222, 111, 21575, 29290, 111, 21575, 35751, 494 })]
    [InlineData("😀", new[] { 7334 })]
    [InlineData("😀 🐱\u200d👤 👍🏽", new[] { 7334, 35710, 4244, 964, 353, 43722 })]
    [InlineData("a  \t b\n\nc", new[] { 320, 321, 322 })]
    [InlineData("ﾀｰﾝ", new[] { 34941, 18584, 367 })]
    [InlineData("ターン", new[] { 34941, 18584, 367 })]
    [InlineData("a_b !_! it's'", new[] { 320, 318, 321, 0, 62, 256, 585, 568, 262 })]
    [InlineData("it's a dog's", new[] { 585, 568, 320, 1929, 568 })]
    [InlineData("\u201ca\u201d", new[] { 257, 320, 257 })]
    [InlineData("", new int[0])]
    public void Encode_TextOutsidePublicFixture_GivesHandDerivedIds(string text, int[] expected)
    {
        var tokenizer = ClipTokenizerFixture.Sd2();

        Assert.Equal(expected, tokenizer.Encode(text));
    }

    [SkippableFact]
    public void EncodeForModel_ExclamationMark_IsTextNotPadding()
    {
        var tokenizer = ClipTokenizerFixture.Sd2();

        var ids = tokenizer.EncodeForModel("!");

        Assert.Equal([49406, 256, 49407, 0], ids[..4]);
    }

    [SkippableTheory]
    [InlineData("猫耳の女の子")]
    [InlineData("кошка на диване")]
    [InlineData("😀 🐱\u200d👤 👍🏽")]
    [InlineData("café naïve")]
    public void Decode_EncodedText_RoundTrips(string text)
    {
        var tokenizer = ClipTokenizerFixture.Sd2();

        Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)).TrimEnd());
    }

    [SkippableFact]
    public void Encode_JapaneseRun_IsOneWordOfBytePieces()
    {
        var tokenizer = ClipTokenizerFixture.Sd2();

        var ids = tokenizer.Encode("猫耳の女の子");

        // one pre-token, so only its last piece carries </w>
        Assert.Equal("猫耳の女の子 ", tokenizer.Decode(ids));
        Assert.Equal("の子 ", tokenizer.Decode(ids.Skip(ids.Count - 3)));
    }

    [SkippableFact]
    public void EncodeForModel_TenThousandCharacterPrompt_IsFastAndTruncated()
    {
        var tokenizer = ClipTokenizerFixture.Sd2();
        var prompt = string.Concat(Enumerable.Repeat("masterpiece, 1girl, ((猫耳)), &amp; 😀 ", 400))[..10_000];
        var noSpaces = new string('a', 10_000);

        var stopwatch = Stopwatch.StartNew();
        var ids = tokenizer.EncodeForModel(prompt);
        var all = tokenizer.Encode(prompt);
        var longWord = tokenizer.Encode(noSpaces);
        stopwatch.Stop();

        Assert.Equal(77, ids.Length);
        Assert.Equal(49407, ids[76]);
        Assert.True(all.Count > 2000);
        Assert.NotEmpty(longWord);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [SkippableFact]
    public void Encode_ConcurrentCalls_GiveSameIds()
    {
        var tokenizer = ClipTokenizerFixture.Sd2();
        var prompts = Enumerable.Range(0, 64).Select(i => $"word{i} 猫{i} café, (detail:{i})").ToArray();
        var expected = prompts.Select(p => tokenizer.Encode(p).ToArray()).ToArray();

        var results = new int[prompts.Length][];
        Parallel.For(0, prompts.Length * 8, i => results[i % prompts.Length] = tokenizer.Encode(prompts[i % prompts.Length]).ToArray());

        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(expected[i], results[i]);
        }
    }

    [Fact]
    public void FromDirectory_MissingVocab_ThrowsFileNotFoundNamingFile()
    {
        var dir = Directory.CreateTempSubdirectory("cliptok").FullName;
        try
        {
            var error = Assert.Throws<FileNotFoundException>(() => ClipTokenizer.FromDirectory(dir));
            Assert.Contains("vocab.json", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("{not json", "#version: 0.2\na b\n", "vocab.json")]
    [InlineData("{\"a\": 0, \"b\": 1, \"ab</w>\": 2}", "#version: 0.2\na b c\n", "merges.txt")]
    [InlineData("{\"a\": 0, \"b\": 1}", "#version: 0.2\na b\n", "bos")]
    public void FromDirectory_MalformedFiles_ThrowsInvalidDataNamingProblem(string vocab, string merges, string expectedInMessage)
    {
        var dir = Directory.CreateTempSubdirectory("cliptok").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "vocab.json"), vocab);
            File.WriteAllText(Path.Combine(dir, "merges.txt"), merges);

            var error = Assert.Throws<InvalidDataException>(() => ClipTokenizer.FromDirectory(dir));
            Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void FromDirectory_Sd1StyleConfig_PadsWithEndToken()
    {
        var dir = Directory.CreateTempSubdirectory("cliptok").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "vocab.json"),
                "{\"a\": 0, \"b\": 1, \"a</w>\": 2, \"b</w>\": 3, \"ab</w>\": 4, \"<|startoftext|>\": 5, \"<|endoftext|>\": 6}");
            File.WriteAllText(Path.Combine(dir, "merges.txt"), "#version: 0.2\na b</w>\n");
            File.WriteAllText(Path.Combine(dir, "special_tokens_map.json"),
                "{\"bos_token\": \"<|startoftext|>\", \"eos_token\": \"<|endoftext|>\", \"pad_token\": \"<|endoftext|>\"}");

            var tokenizer = ClipTokenizer.FromDirectory(dir);

            Assert.Equal(6, tokenizer.PadTokenId);
            Assert.Null(tokenizer.CommaTokenId);
            Assert.Equal([5, 4, 6, 6, 6], tokenizer.EncodeForModel("AB", 5));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
