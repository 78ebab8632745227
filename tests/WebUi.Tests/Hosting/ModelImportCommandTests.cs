using WebUi.Tests.ModelImport;

namespace WebUi.Tests.Hosting;

/// <summary>The app run as a script runs it: <c>--import</c> converts, prints progress and exits, with no web server.</summary>
public sealed class ModelImportCommandTests : IDisposable
{
    private readonly ImportTestFolder _folder = new();

    [SkippableFact]
    public async Task Import_TinyPipeline_ExitsZero_PrintsProgress_AndTheModelFolderExists()
    {
        var fixture = ImportTestFolder.TinyPipelineFixture;

        var (exitCode, output) = await AppProcess.RunToExitAsync(
            "--import", fixture, "--name", "tiny", "--models-dir", _folder.ModelsPath, "--data-dir", _folder.DataPath);

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"\[\s*\d+%\] converting", output);
        Assert.Contains($"Imported 'tiny' into {Path.Combine(_folder.ModelsPath, "tiny")}.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder.ModelsPath, "tiny", "unet", "model.onnx")));
        Assert.Equal(["tiny"], _folder.ModelsEntries());
    }

    [Fact]
    public async Task Import_MissingSource_ExitsNonZeroWithTheReason()
    {
        var (exitCode, output) = await AppProcess.RunToExitAsync(
            "--import", "no-such-model", "--name", "x", "--models-dir", _folder.ModelsPath, "--data-dir", _folder.DataPath);

        Assert.Equal(2, exitCode);
        Assert.Contains($"--import: '{Path.Combine(_folder.ModelsPath, "no-such-model")}' does not exist.", output, StringComparison.Ordinal);
        Assert.Empty(_folder.ModelsEntries());
    }

    [Fact]
    public async Task Import_NotAModel_ExitsOneWithTheImportersMessage_AndLeavesNothing()
    {
        _folder.WriteFile("broken.safetensors", 8);

        var (exitCode, output) = await AppProcess.RunToExitAsync(
            "--import", "broken.safetensors", "--name", "broken", "--models-dir", _folder.ModelsPath, "--data-dir", _folder.DataPath);

        Assert.Equal(1, exitCode);
        Assert.Contains("Import failed: ", output, StringComparison.Ordinal);
        Assert.Equal(["broken.safetensors"], _folder.ModelsEntries());
    }

    public void Dispose() => _folder.Dispose();
}
