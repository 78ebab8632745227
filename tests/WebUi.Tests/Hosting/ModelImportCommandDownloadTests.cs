using Microsoft.Extensions.Configuration;
using WebUi.Hosting;
using WebUi.Tests.ModelImport;

namespace WebUi.Tests.Hosting;

/// <summary><c>--download</c> run in-process with a fake hub (the engine's downloader is not on this branch yet).</summary>
public sealed class ModelImportCommandDownloadTests : IDisposable
{
    private readonly ImportTestFolder _folder = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    [SkippableFact]
    public async Task Download_WithATokenFile_SendsTheTokenAndImportsUnderTheRepositorysName()
    {
        var downloader = new FakeModelDownloader(ImportTestFolder.TinyPipelineFixture);
        var tokenFile = Path.Combine(_folder.Root, "hf-token");
        await File.WriteAllTextAsync(tokenFile, "hf_fromfilefromfile\n");
        var command = AppCommandLine.Parse(["--download", "owner/tiny-repo", "--variant", "fp16", "--hf-token-file", tokenFile]).ImportCommand!;

        var exitCode = await ModelImportCommand.RunAsync(command, Configuration(), _output, _error, downloader);

        Assert.True(exitCode == 0, _error.ToString());
        Assert.Equal("hf_fromfilefromfile", downloader.LastRequest!.Token);
        Assert.Equal("fp16", downloader.LastRequest.Variant);
        Assert.Contains("downloading", _output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hf_fromfile", _output.ToString() + _error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder.ModelsPath, "tiny-repo", "unet", "model.onnx")));
    }

    [Fact]
    public async Task Download_UnreadableTokenFile_ExitsTwo()
    {
        var command = AppCommandLine.Parse(["--download", "owner/name", "--hf-token-file", Path.Combine(_folder.Root, "missing")]).ImportCommand!;

        var exitCode = await ModelImportCommand.RunAsync(command, Configuration(), _output, _error, new FakeModelDownloader());

        Assert.Equal(2, exitCode);
        Assert.Contains("--hf-token-file", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_HubFails_ExitsOneWithTheMessage()
    {
        var command = AppCommandLine.Parse(["--download", "owner/name"]).ImportCommand!;
        var downloader = new FakeModelDownloader { Failure = new HttpRequestException("404 Not Found") };

        var exitCode = await ModelImportCommand.RunAsync(command, Configuration(), _output, _error, downloader);

        Assert.Equal(1, exitCode);
        Assert.Contains("Import failed: 404 Not Found", _error.ToString(), StringComparison.Ordinal);
        // Nothing was fetched, so not even an empty cache folder is left to resume.
        Assert.Equal([".downloads"], _folder.ModelsEntries());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_folder.ModelsPath, ".downloads")));
    }

    private IConfiguration Configuration() => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Engine:ModelsPath"] = _folder.ModelsPath,
            ["WebUi:DataPath"] = _folder.DataPath,
        })
        .Build();

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
        _folder.Dispose();
    }
}
