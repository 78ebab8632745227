using System.IO.Compression;
using System.Text;

namespace Engine.Tests.Weights;

/// <summary>Writes torch.save-style zip archives: &lt;name&gt;/data.pkl, &lt;name&gt;/data/&lt;key&gt;, byteorder, version.</summary>
internal sealed class TorchZipBuilder
{
    private readonly List<(string Name, byte[] Bytes, CompressionLevel Level)> _entries = [];

    public TorchZipBuilder(string archiveName = "archive", byte[]? pickle = null)
    {
        ArchiveName = archiveName;
        if (pickle is not null)
        {
            Entry("data.pkl", pickle);
            Entry("byteorder", Encoding.ASCII.GetBytes("little"));
            Entry("version", Encoding.ASCII.GetBytes("3\n"));
        }
    }

    public string ArchiveName { get; }

    /// <summary>An entry under the archive folder.</summary>
    public TorchZipBuilder Entry(string relativeName, byte[] bytes, CompressionLevel level = CompressionLevel.NoCompression) =>
        RawEntry($"{ArchiveName}/{relativeName}", bytes, level);

    /// <summary>An entry with exactly this name (for hostile names).</summary>
    public TorchZipBuilder RawEntry(string name, byte[] bytes, CompressionLevel level = CompressionLevel.NoCompression)
    {
        _entries.Add((name, bytes, level));
        return this;
    }

    public TorchZipBuilder Storage(string key, byte[] bytes, CompressionLevel level = CompressionLevel.NoCompression) =>
        Entry($"data/{key}", bytes, level);

    public void WriteTo(string path)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (name, bytes, level) in _entries)
        {
            var entry = zip.CreateEntry(name, level);
            using var stream = entry.Open();
            stream.Write(bytes);
        }
    }
}
