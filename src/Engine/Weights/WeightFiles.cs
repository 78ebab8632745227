namespace Engine.Weights;

/// <summary>Opens any supported weight file by its name: safetensors, a shard index, or a PyTorch zip archive.</summary>
public static class WeightFiles
{
    /// <summary>
    /// <c>*.safetensors</c> → <see cref="SafetensorsFile"/>; <c>*.safetensors.index.json</c> / <c>*.bin.index.json</c> →
    /// <see cref="ShardedWeightFile"/>; <c>*.bin</c>, <c>*.ckpt</c>, <c>*.pt</c>, <c>*.pth</c> → <see cref="TorchZipFile"/>.
    /// </summary>
    public static WeightFile Open(string path, WeightFileLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var name = Path.GetFileName(path);
        if (ShardedWeightFile.IsIndexFileName(name))
        {
            return ShardedWeightFile.Open(path, limits);
        }

        var extension = Path.GetExtension(name).ToUpperInvariant();
        return extension switch
        {
            ".SAFETENSORS" => SafetensorsFile.Open(path, limits),
            ".BIN" or ".CKPT" or ".PT" or ".PTH" => TorchZipFile.Open(path, limits),
            _ => throw new WeightFileException(path, "is not a weight file this engine reads (.safetensors, .bin, .ckpt, .pt, .pth, *.index.json)."),
        };
    }
}
