using Engine.Tests.Support;

namespace Engine.Tests.Models;

/// <summary>A temporary models root with writable copies of fixture models, deleted on dispose.</summary>
public sealed class TempModelsFolder : IDisposable
{
    public TempModelsFolder()
    {
        Root = Directory.CreateTempSubdirectory("engine-models-").FullName;
    }

    public string Root { get; }

    /// <summary>Copies fixture folder <paramref name="fixture"/> into the root as <paramref name="id"/>.</summary>
    public string CopyFixture(string fixture = "tiny-sd2", string? id = null)
    {
        var source = Fixtures.Path_(fixture);
        var target = Path.Combine(Root, id ?? fixture);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
            File.SetAttributes(destination, FileAttributes.Normal);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(destination, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return target;
    }

    public string PathOf(string id, string relative) => Path.Combine(Root, id, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
