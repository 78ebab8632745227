using WebUi.Infotext;

namespace WebUi.Tests.Infotext;

public sealed class InfotextParserTests
{
    private const string DocstringVector =
        "girl with an artist's beret, determined, blue eyes, desert scene, computer monitors, heavy makeup, by Alphonse Mucha and Charlie Bowater, ((eyeshadow)), (coquettish), detailed, intricate\n" +
        "Negative prompt: ugly, fat, obese, chubby, (((deformed))), [blurry], bad anatomy, disfigured, poorly drawn face, mutation, mutated, (extra_limb), (ugly), (poorly drawn hands), messy drawing\n" +
        "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 965400086, Size: 512x512, Model hash: 45dee52b";

    [Fact]
    public void ParseGenerationParameters_A1111DocstringVector_GivesA1111Fields()
    {
        var result = InfotextParser.ParseGenerationParameters(DocstringVector);

        Assert.StartsWith("girl with an artist's beret", result["Prompt"], StringComparison.Ordinal);
        Assert.EndsWith("detailed, intricate", result["Prompt"], StringComparison.Ordinal);
        Assert.StartsWith("ugly, fat", result["Negative prompt"], StringComparison.Ordinal);
        Assert.EndsWith("messy drawing", result["Negative prompt"], StringComparison.Ordinal);
        Assert.Equal("20", result["Steps"]);
        Assert.Equal("Euler a", result["Sampler"]);
        Assert.Equal("7", result["CFG scale"]);
        Assert.Equal("965400086", result["Seed"]);
        Assert.Equal("512", result["Size-1"]);
        Assert.Equal("512", result["Size-2"]);
        Assert.Equal("45dee52b", result["Model hash"]);
        Assert.False(result.ContainsKey("Size"));
        Assert.Equal("1", result["Clip skip"]);
        Assert.Equal("Automatic", result["Schedule type"]);
        Assert.Equal("GPU", result["RNG"]);
    }

    [Fact]
    public void Parse_FieldsKeepWrittenOrderAndTypedAccessorsRead()
    {
        var parsed = InfotextParser.Parse(
            "a cat\nSteps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 4294967296, Size: 768x512, " +
            "Variation seed: 42, Variation seed strength: 0.3, Seed resize from: 640x448, Denoising strength: 0.75, Model: cjd");

        Assert.Equal(["Steps", "Sampler", "Schedule type", "CFG scale", "Seed", "Size-1", "Size-2", "Variation seed", "Variation seed strength", "Seed resize from-1", "Seed resize from-2", "Denoising strength", "Model"],
            parsed.Fields.Select(f => f.Key));
        Assert.Equal(28, parsed.Steps);
        Assert.Equal("DPM++ 2M", parsed.Sampler);
        Assert.Equal("Karras", parsed.ScheduleType);
        Assert.Equal(6.5, parsed.CfgScale);
        Assert.Equal(4294967296L, parsed.Seed);
        Assert.Equal(768, parsed.Width);
        Assert.Equal(512, parsed.Height);
        Assert.Equal(42L, parsed.VariationSeed);
        Assert.Equal(0.3, parsed.VariationStrength);
        Assert.Equal(640, parsed.SeedResizeFromWidth);
        Assert.Equal(448, parsed.SeedResizeFromHeight);
        Assert.Equal(0.75, parsed.DenoisingStrength);
        Assert.Equal("cjd", parsed.Model);
        Assert.Equal(string.Empty, parsed.NegativePrompt);
    }

    [Fact]
    public void Parse_MultiLinePromptAndNegative_KeepsLineBreaks()
    {
        var parsed = InfotextParser.Parse(
            "first line,\n  second line  \nNegative prompt: bad,\nworse\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 1, Size: 512x512");

        Assert.Equal("first line,\nsecond line", parsed.Prompt);
        Assert.Equal("bad,\nworse", parsed.NegativePrompt);
        Assert.Equal(20, parsed.Steps);
    }

    [Fact]
    public void Parse_QuotedValues_AreJsonUnquoted()
    {
        var parsed = InfotextParser.Parse(
            "猫耳の少女\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512, Lora hashes: \"foo: 1a2b3c, bar: 4d5e\", Hires prompt: \"line1\\nline \\\"two\\\"\", Version: v1.10.1");

        Assert.Equal("猫耳の少女", parsed.Prompt);
        Assert.Equal("foo: 1a2b3c, bar: 4d5e", parsed["Lora hashes"]);
        Assert.Equal("line1\nline \"two\"", parsed["Hires prompt"]);
        Assert.Equal("v1.10.1", parsed["Version"]);
    }

    [Theory]
    [InlineData("Steps: 20, Sampler: Euler")]
    [InlineData("just a prompt")]
    [InlineData("a: b, c: d")]
    public void Parse_LastLineWithFewerThanThreeFields_IsPrompt(string text)
    {
        var parsed = InfotextParser.Parse(text);

        Assert.Equal(text, parsed.Prompt);
        Assert.Empty(parsed.Fields);
    }

    [Fact]
    public void Parse_HiresResize_SplitsLikeSize()
    {
        var parsed = InfotextParser.Parse("p\nSteps: 20, Size: 512x512, Hires resize: 1024x1536, Seed: 5");

        Assert.Equal("1024", parsed["Hires resize-1"]);
        Assert.Equal("1536", parsed["Hires resize-2"]);
        Assert.Null(parsed["Hires resize"]);
    }

    [Fact]
    public void Parse_EmptyValue_IsSkippedAsA1111Does()
    {
        var parsed = InfotextParser.Parse("p\nSteps: 20, Sampler: , Seed: 5, Size: 64x64");

        Assert.Null(parsed["Sampler"]);
        Assert.Equal(5L, parsed.Seed);
    }

    [Fact]
    public void Parse_OnlyNegativePrompt_LeavesPromptEmpty()
    {
        var parsed = InfotextParser.Parse("Negative prompt: blurry\nSteps: 20, Seed: 5, Size: 64x64");

        Assert.Equal(string.Empty, parsed.Prompt);
        Assert.Equal("blurry", parsed.NegativePrompt);
    }
}
