using System.Diagnostics;
using Engine.Conversion;
using static Engine.Tests.Conversion.ConversionFixture;

namespace Engine.Tests.Conversion;

/// <summary>Staging folders: a killed conversion's folder is swept at the next start, a running one's is kept.</summary>
public sealed class StagingFolderTests : IDisposable
{
    private readonly string _scratch = NewScratch();

    public void Dispose() => DeleteScratch(_scratch);

    [Fact]
    public void Create_NamesTheFolderAfterTheTargetAndThisProcess()
    {
        var staging = StagingFolder.Create(Path.Combine(_scratch, "model"));

        Assert.StartsWith($".model.converting-{Environment.ProcessId}-", Path.GetFileName(staging), StringComparison.Ordinal);
        Assert.True(Directory.Exists(staging));
    }

    [Fact]
    public void DeleteLeftovers_RemovesOnlyTheFoldersOfProcessesThatAreGone()
    {
        var gone = Folder($".killed.converting-{ExitedProcessId()}-{Guid.NewGuid():N}");
        File.WriteAllText(Path.Combine(gone, "model.onnx_data"), "half written");
        var mine = StagingFolder.Create(Path.Combine(_scratch, "mine"));
        var running = OperatingSystem.IsWindows() ? null : Folder($".other.converting-1-{Guid.NewGuid():N}"); // init never exits
        var downloads = Folder(".downloads");
        var model = Folder("a-model");
        var lookalike = Folder($".x.converting-notapid-{Guid.NewGuid():N}");

        var deleted = ModelImporter.DeleteLeftoverStagingFolders(_scratch);

        Assert.Equal(1, deleted);
        Assert.False(Directory.Exists(gone));
        Assert.All(new[] { mine, running, downloads, model, lookalike }.OfType<string>(), folder => Assert.True(Directory.Exists(folder), folder));
    }

    [Fact]
    public void DeleteLeftovers_MissingFolder_DeletesNothing() =>
        Assert.Equal(0, ModelImporter.DeleteLeftoverStagingFolders(Path.Combine(_scratch, "absent")));

    private string Folder(string name)
    {
        var path = Path.Combine(_scratch, name);
        Directory.CreateDirectory(path);
        return path;
    }

    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.Id;
    }
}
