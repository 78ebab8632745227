using Engine.Demo;

namespace Engine.Tests.Demo;

public sealed class DemoModelInstallerTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("demo-install-");

    [Fact]
    public void EnsureInstalled_EmptyModelsFolder_WritesDemoFolderAndNoStagingLeftovers()
    {
        var path = DemoModelInstaller.EnsureInstalled(_root.FullName);

        Assert.Equal(Path.Combine(_root.FullName, "demo"), path);
        Assert.True(File.Exists(Path.Combine(path, "unet", "model.onnx")));
        Assert.Equal(["demo"], _root.GetDirectories().Select(d => d.Name));
    }

    [Fact]
    public void EnsureInstalled_CurrentCopyPresent_LeavesFilesUntouched()
    {
        var path = DemoModelInstaller.EnsureInstalled(_root.FullName);
        var unet = Path.Combine(path, "unet", "model.onnx");
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(unet, stamp);

        DemoModelInstaller.EnsureInstalled(_root.FullName);

        Assert.Equal(stamp, File.GetLastWriteTimeUtc(unet));
    }

    [Fact]
    public void EnsureInstalled_DamagedCopy_IsReplaced()
    {
        var path = DemoModelInstaller.EnsureInstalled(_root.FullName);
        var unet = Path.Combine(path, "unet", "model.onnx");
        var good = File.ReadAllBytes(unet);
        File.WriteAllBytes(unet, [1, 2, 3]);
        File.Delete(Path.Combine(path, "tokenizer", "merges.txt"));

        DemoModelInstaller.EnsureInstalled(_root.FullName);

        Assert.Equal(good, File.ReadAllBytes(unet));
        Assert.True(File.Exists(Path.Combine(path, "tokenizer", "merges.txt")));
    }

    public void Dispose() => _root.Delete(recursive: true);
}
