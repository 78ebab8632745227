using WebUi.Infotext;

namespace WebUi.Tests.Infotext;

public sealed class GenerationParametersTests
{
    [Fact]
    public void Parse_A1111DocstringVector_GivesTheExpectedFields()
    {
        const string text = """
            girl with an artist's beret, determined, blue eyes, desert scene, computer monitors, heavy makeup, by Alphonse Mucha and Charlie Bowater, ((eyeshadow)), (coquettish), detailed, intricate
            Negative prompt: ugly, fat, obese, chubby, (((deformed))), [blurry], bad anatomy, disfigured, poorly drawn face, mutation, mutated, (extra_limb), (ugly), (poorly drawn hands), messy drawing
            Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 965400086, Size: 512x512, Model hash: 45dee52b
            """;

        var p = InfotextParser.ParseGenerationParameters(text);

        Assert.Equal("20", p["Steps"]);
        Assert.Equal("Euler a", p["Sampler"]);
        Assert.Equal("7", p["CFG scale"]);
        Assert.Equal("965400086", p["Seed"]);
        Assert.Equal(("512", "512"), (p["Size-1"], p["Size-2"]));
        Assert.Equal("45dee52b", p["Model hash"]);
        Assert.False(p.ContainsKey("Size"));
        Assert.StartsWith("girl with an artist's beret,", p["Prompt"], StringComparison.Ordinal);
        Assert.EndsWith("messy drawing", p["Negative prompt"], StringComparison.Ordinal);
        Assert.StartsWith("ugly, fat", p["Negative prompt"], StringComparison.Ordinal);
        Assert.Equal("1", p["Clip skip"]);
        Assert.Equal("GPU", p["RNG"]);
        Assert.Equal("Automatic", p["Schedule type"]);
        Assert.Equal("Original", p["Emphasis"]);
        Assert.Equal("0", p["Hires resize-1"]);
    }

    [Fact]
    public void Parse_JapaneseQuotedValuesAndMultilinePrompt_KeepsTextAndUnquotes()
    {
        const string text = "赤い丸\n青い背景\nNegative prompt: ぼやけ\nSteps: 4, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7.5, Seed: 1, "
                            + "Size: 768x512, Model: demo, Lora hashes: \"foo: 1a2b, bar: 3c4d\", Version: v1";

        var p = InfotextParser.ParseGenerationParameters(text);

        Assert.Equal("赤い丸\n青い背景", p["Prompt"]);
        Assert.Equal("ぼやけ", p["Negative prompt"]);
        Assert.Equal("foo: 1a2b, bar: 3c4d", p["Lora hashes"]);
        Assert.Equal("Karras", p["Schedule type"]);
        Assert.Equal(("768", "512"), (p["Size-1"], p["Size-2"]));
        Assert.Equal("v1", p["Version"]);
        Assert.False(p.ContainsKey("Emphasis"));
    }

    [Theory]
    [InlineData("just a prompt, with: colons")]
    [InlineData("a cat\nSteps: 20, Sampler: Euler")]
    public void Parse_LastLineWithFewerThanThreeParameters_IsPartOfThePrompt(string text)
    {
        var p = InfotextParser.ParseGenerationParameters(text);

        Assert.Equal(text, p["Prompt"]);
        Assert.False(p.ContainsKey("Steps"));
    }
}
