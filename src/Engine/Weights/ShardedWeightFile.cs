using System.Text.RegularExpressions;
using System.Text.Json;
using Engine.Models;

namespace Engine.Weights;

/// <summary>
/// Sharded weights (<c>diffusion_pytorch_model.safetensors.index.json</c>, <c>pytorch_model.bin.index.json</c>, ...):
/// the index's <c>weight_map</c> (tensor name to shard file) turned into one directory over all shards. Shard names must
/// be plain file names in the index's folder (no separators, no <c>..</c>, no link out of the folder); every tensor the
/// index lists must be in its shard, and every tensor of a shard must be listed for that shard.
/// </summary>
public sealed partial class ShardedWeightFile : WeightFile
{
    private readonly Dictionary<string, WeightFile> _shardOf;
    private readonly List<WeightFile> _shards;

    private ShardedWeightFile(string path, List<WeightTensor> tensors, Dictionary<string, WeightFile> shardOf, List<WeightFile> shards)
        : base(path, tensors, new Dictionary<string, string>())
    {
        _shardOf = shardOf;
        _shards = shards;
    }

    /// <summary>The shard files, in the order the index first names them.</summary>
    public IReadOnlyList<string> ShardPaths => [.. _shards.Select(s => s.FilePath)];

    /// <summary>
    /// True for file names that are shard indexes (<c>*.safetensors.index.json</c>, <c>*.bin.index.json</c>, and
    /// diffusers' variant form <c>*.safetensors.index.fp16.json</c>).
    /// </summary>
    public static bool IsIndexFileName(string fileName) => IndexFileName().IsMatch(fileName);

    /// <summary>Reads the index and opens every shard it names; throws <see cref="WeightFileException"/> on any inconsistency.</summary>
    public static ShardedWeightFile Open(string indexPath, WeightFileLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(indexPath);
        limits ??= WeightFileLimits.Default;
        var weightMap = ReadWeightMap(indexPath, limits);
        var folder = Path.GetDirectoryName(Path.GetFullPath(indexPath))!;
        var realFolder = PathGuard.RealPath(folder);
        var opened = new Dictionary<string, WeightFile>(StringComparer.Ordinal);
        var shards = new List<WeightFile>();
        try
        {
            var tensors = new List<WeightTensor>(weightMap.Count);
            var shardOf = new Dictionary<string, WeightFile>(StringComparer.Ordinal);
            foreach (var (name, shardName) in weightMap)
            {
                if (!opened.TryGetValue(shardName, out var shard))
                {
                    shard = OpenShard(indexPath, folder, realFolder, shardName, limits);
                    opened.Add(shardName, shard);
                    shards.Add(shard);
                }

                if (!shard.TryGetTensor(name, out var tensor))
                {
                    throw new WeightFileException(indexPath, $"the index puts tensor '{name}' in '{shardName}', which has no such tensor.");
                }

                tensors.Add(tensor);
                shardOf.Add(name, shard);
            }

            foreach (var (shardName, shard) in opened)
            {
                var extra = shard.Tensors.FirstOrDefault(t => !shardOf.TryGetValue(t.Name, out var owner) || owner != shard);
                if (extra is not null)
                {
                    throw new WeightFileException(indexPath, $"shard '{shardName}' holds tensor '{extra.Name}', which the index does not assign to it.");
                }
            }

            return new ShardedWeightFile(indexPath, tensors, shardOf, shards);
        }
        catch
        {
            foreach (var shard in shards)
            {
                shard.Dispose();
            }

            throw;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var shard in _shards)
            {
                shard.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private protected override Stream OpenTensorStream(WeightTensor tensor) => _shardOf[tensor.Name].OpenTensorBytes(tensor);

    private static WeightFile OpenShard(string indexPath, string folder, string realFolder, string shardName, WeightFileLimits limits)
    {
        if (shardName.Length == 0 || shardName is "." or ".." || shardName.IndexOfAny(['/', '\\', ':', '\0']) >= 0
            || Path.IsPathRooted(shardName))
        {
            throw new WeightFileException(indexPath, $"the shard name '{shardName}' is not a plain file name in the index's folder.");
        }

        var shardPath = Path.Combine(folder, shardName);
        if (!File.Exists(shardPath))
        {
            throw new WeightFileException(indexPath, $"the shard '{shardName}' is missing.");
        }

        if (!PathGuard.ResolvesWithin(realFolder, shardPath))
        {
            throw new WeightFileException(indexPath, $"the shard '{shardName}' is a link to a file outside the index's folder.");
        }

        return shardName.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
            ? SafetensorsFile.Open(shardPath, limits)
            : TorchZipFile.Open(shardPath, limits);
    }

    private static List<KeyValuePair<string, string>> ReadWeightMap(string indexPath, WeightFileLimits limits)
    {
        byte[] bytes;
        try
        {
            var length = new FileInfo(indexPath).Length;
            if (length > limits.MaxIndexJsonBytes)
            {
                throw new WeightFileException(indexPath, $"the index is {length} bytes, more than the limit of {limits.MaxIndexJsonBytes}.");
            }

            bytes = File.ReadAllBytes(indexPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new WeightFileException(indexPath, $"cannot be read: {ex.Message}", ex);
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("weight_map", out var map)
                || map.ValueKind != JsonValueKind.Object)
            {
                throw new WeightFileException(indexPath, "the index has no \"weight_map\" object.");
            }

            var result = new List<KeyValuePair<string, string>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                {
                    throw new WeightFileException(indexPath, $"weight_map entry '{entry.Name}' is not a file name.");
                }

                if (!seen.Add(entry.Name))
                {
                    throw new WeightFileException(indexPath, $"weight_map names tensor '{entry.Name}' twice.");
                }

                result.Add(new(entry.Name, entry.Value.GetString()!));
            }

            if (result.Count == 0)
            {
                throw new WeightFileException(indexPath, "weight_map is empty.");
            }

            return result;
        }
        catch (JsonException ex)
        {
            throw new WeightFileException(indexPath, $"the index is not valid JSON: {ex.Message}", ex);
        }
    }

    [GeneratedRegex(@"\.(safetensors|bin)\.index(\.[A-Za-z0-9_-]+)?\.json$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IndexFileName();
}
