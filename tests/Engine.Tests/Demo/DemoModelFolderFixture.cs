using Engine.Demo;

namespace Engine.Tests.Demo;

/// <summary>Writes demo model folders once per test class run into a temp folder and deletes them afterwards.</summary>
public sealed class DemoModelFolderFixture : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("demo-model-");
    private readonly Dictionary<DemoModelOptions, string> _folders = [];
    private readonly Lock _lock = new();

    public string Folder(DemoModelOptions options)
    {
        lock (_lock)
        {
            if (!_folders.TryGetValue(options, out var folder))
            {
                folder = Path.Combine(_root.FullName, _folders.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                DemoModelWriter.Write(folder, options);
                _folders.Add(options, folder);
            }

            return folder;
        }
    }

    public void Dispose() => _root.Delete(recursive: true);
}
