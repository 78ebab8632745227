using Engine.Conversion;
using Engine.Models;
using WebUi.Hosting;

namespace WebUi.Tests.Hosting;

public sealed class ModelImportCommandLineTests
{
    [Fact]
    public void Parse_Import_WithEveryOption()
    {
        var parsed = AppCommandLine.Parse([
            "--import", "sd15.safetensors", "--name", "sd15", "--precision", "fp16", "--family", "sd1", "--prediction=v",
            "--image-size", "768", "--tokenizer", "tok", "--models-dir", "/m"]);

        Assert.Empty(parsed.Errors);
        var command = Assert.IsType<ModelImportCommandLine>(parsed.ImportCommand);
        Assert.Equal("sd15.safetensors", command.ImportPath);
        Assert.Equal("sd15", command.Name);
        Assert.Equal(ModelPrecision.Float16, command.Precision);
        Assert.Equal(ModelFamily.StableDiffusion1, command.Family);
        Assert.Equal(PredictionType.VPrediction, command.Prediction);
        Assert.Equal(768, command.ImageSize);
        Assert.Equal("tok", command.TokenizerFolder);
        Assert.Equal("/m", parsed.Settings["Engine:ModelsPath"]);
        Assert.DoesNotContain(parsed.Settings.Keys, k => k.Contains("import", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Parse_Download_NamesTheModelAfterTheRepository()
    {
        var parsed = AppCommandLine.Parse(["--download", "stabilityai/stable-diffusion-2-1", "--revision", "fp16", "--variant", "fp16", "--hf-token-file", "/run/hf"]);

        Assert.Empty(parsed.Errors);
        var command = parsed.ImportCommand!;
        Assert.Equal("stabilityai/stable-diffusion-2-1", command.RepoId);
        Assert.Equal("stable-diffusion-2-1", command.Name);
        Assert.Equal("fp16", command.Revision);
        Assert.Equal("fp16", command.Variant);
        Assert.Equal("/run/hf", command.TokenFile);
    }

    [Fact]
    public void Parse_NoImportFlags_NoCommand() => Assert.Null(AppCommandLine.Parse(["--port", "7861"]).ImportCommand);

    [Theory]
    [InlineData(new[] { "--import", "x" }, "--import needs --name")]
    [InlineData(new[] { "--name", "x" }, "need --import <path> or --download <owner/name>")]
    [InlineData(new[] { "--import", "x", "--name", "y", "--download", "a/b" }, "either --import or --download")]
    [InlineData(new[] { "--import", "x", "--name", "y", "--precision", "fp8" }, "'--precision' must be fp32 or fp16, not 'fp8'")]
    [InlineData(new[] { "--import", "x", "--name", "y", "--family", "sdxl" }, "'--family' must be sd1 or sd2")]
    [InlineData(new[] { "--import", "x", "--name", "y", "--image-size", "640" }, "'--image-size' must be 512 or 768")]
    [InlineData(new[] { "--import", "x", "--name", "y", "--revision", "main" }, "--download only")]
    [InlineData(new[] { "--import", "x", "--name", "y", "--variant", "fp16" }, "--download only")]
    [InlineData(new[] { "--import" }, "'--import' needs a value")]
    [InlineData(new[] { "--hf-token", "hf_x" }, "Unknown option '--hf-token'")]
    public void Parse_BadImportArguments_ExplainWhatIsWrong(string[] args, string expected)
    {
        var parsed = AppCommandLine.Parse(args);

        Assert.Null(parsed.ImportCommand);
        Assert.Contains(parsed.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void HelpText_ListsTheImportFlags()
    {
        var help = AppCommandLine.HelpText();

        foreach (var (flag, _) in ModelImportCommandLine.Flags)
        {
            Assert.Contains(flag + " VALUE", help, StringComparison.Ordinal);
        }
    }
}
