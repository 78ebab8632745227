using Engine.Numerics;
using System.Text.Json;
using Engine.Pipelines;
using Engine.Schedulers;
using Engine.Tests.Support;
using Engine.TextEncoding;

namespace Engine.Tests.Pipelines;

public sealed class InfotextTests
{
    private static readonly ResolvedSampler s_euler = new(new TestEulerSampler(), "Euler", "Automatic", ScheduleType.Automatic);

    [SkippableFact]
    public void Create_A1111EulerRun_ReproducesInfotextExceptVersion()
    {
        var folder = Fixtures.Path_("reference", "tiny-sd2", "a1111", "euler_eps");
        var expected = File.ReadAllText(Path.Combine(folder, "infotext.txt"));
        var request = A1111Request(folder);

        var text = Infotext.Create(request, s_euler, "tiny-sd2", 1234, 0, "v1.10.1");

        Assert.Equal(expected.TrimEnd('\n'), text);
        Assert.EndsWith(", Version: ours", Infotext.Create(request, s_euler, "tiny-sd2", 1234, 0, "ours"), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_AllOptionalFields_InA1111Order()
    {
        var request = new GenerationRequest
        {
            Prompt = "  (red:1.2) circle ",
            NegativePrompt = "blue",
            Steps = 20,
            CfgScale = 7.5,
            Width = 512,
            Height = 768,
            SubseedStrength = 0.25,
            SeedResizeFromWidth = 256,
            SeedResizeFromHeight = 384,
            Mode = GenerationMode.ImageToImage,
            DenoisingStrength = 1,
            EtaNoiseSeedDelta = 31337,
            RngSource = RandomSource.Nv,
            Emphasis = EmphasisMode.NoNorm,
        };
        var sampler = s_euler with
        {
            Name = "Euler a",
            UsesEtaNoiseSeedDelta = true,
            InfotextFields = [new("Eta", "0.5"), new("Note", "a, b")],
        };

        var text = Infotext.Create(request, sampler, "model", 5, 9, "v0.1.0");

        Assert.Equal(
            "(red:1.2) circle \nNegative prompt: blue\n" +
            "Steps: 20, Sampler: Euler a, Schedule type: Automatic, CFG scale: 7.5, Seed: 5, Size: 512x768, Model: model, " +
            "Variation seed: 9, Variation seed strength: 0.25, Seed resize from: 256x384, Denoising strength: 1.0, ENSD: 31337, RNG: NV, " +
            "Emphasis: No norm, Eta: 0.5, Note: \"a, b\", Version: v0.1.0",
            text);
    }

    [Theory]
    [InlineData(7.0, "7.0")]
    [InlineData(0.75, "0.75")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(123456789.5, "123456789.5")]
    [InlineData(1e16, "1e+16")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(-1.5e-7, "-1.5e-07")]
    [InlineData(1234.5e20, "1.2345e+23")]
    public void Float_MatchesPythonStr(double value, string expected) => Assert.Equal(expected, PythonFormat.Float(value));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("line\nbreak, \"q\"", "\"line\\nbreak, \\\"q\\\"\"")]
    [InlineData("日本, 語", "\"日本, 語\"")]
    public void Quote_MatchesA1111(string value, string expected) => Assert.Equal(expected, PythonFormat.Quote(value));

    internal static GenerationRequest A1111Request(string folder)
    {
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "meta.json")));
        var root = meta.RootElement;
        return new GenerationRequest
        {
            Prompt = root.GetProperty("prompt").GetString()!,
            NegativePrompt = root.GetProperty("negative_prompt").GetString()!,
            SamplerName = root.GetProperty("sampler").GetString()!,
            Steps = root.GetProperty("steps").GetInt32(),
            CfgScale = root.GetProperty("cfg_scale").GetDouble(),
            Seed = root.GetProperty("seed").GetInt64(),
            Width = root.GetProperty("width").GetInt32(),
            Height = root.GetProperty("height").GetInt32(),
            RngSource = RandomSource.Cpu,
        };
    }
}
