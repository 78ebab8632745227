using Engine.Tests.Support;

namespace WebUi.Tests.ModelImport;

/// <summary>A temporary folder with <c>models/</c> and <c>data/</c>, deleted afterwards; fixtures are copied in, never linked.</summary>
internal sealed class ImportTestFolder : IDisposable
{
    public ImportTestFolder()
    {
        Root = Directory.CreateTempSubdirectory("webui-import-").FullName;
        Directory.CreateDirectory(ModelsPath);
        Directory.CreateDirectory(DataPath);
    }

    public string Root { get; }

    public string ModelsPath => Path.Combine(Root, "models");

    public string DataPath => Path.Combine(Root, "data");

    /// <summary>The read-only tiny diffusers pipeline fixture (skips the test when the fixtures are missing).</summary>
    public static string TinyPipelineFixture => Fixtures.Path_("tiny-sd2-diffusers");

    /// <summary>Copies the tiny diffusers fixture to <c>models/&lt;relativePath&gt;</c> and returns the copy's path.</summary>
    public string CopyTinyPipeline(string relativePath = "tiny-diffusers")
    {
        var target = Path.Combine(ModelsPath, relativePath);
        CopyFolder(TinyPipelineFixture, target);
        return target;
    }

    /// <summary>Writes <paramref name="bytes"/> bytes to <c>models/&lt;relativePath&gt;</c>.</summary>
    public string WriteFile(string relativePath, int bytes = 16)
    {
        var path = Path.Combine(ModelsPath, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }

    /// <summary>Entries of the models folder (hidden ones included), by name.</summary>
    public IReadOnlyList<string> ModelsEntries() =>
        [.. Directory.EnumerateFileSystemEntries(ModelsPath).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    public static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder rather than failing the test.
        }
    }
}
