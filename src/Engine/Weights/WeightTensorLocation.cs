namespace Engine.Weights;

/// <summary>Where a tensor's bytes lie: the file, and for zip archives the storage entry inside it.</summary>
/// <param name="FilePath">The file holding the bytes (a shard for sharded weights).</param>
/// <param name="Entry">The zip entry of the storage (<c>archive/data/0</c>), or null for safetensors.</param>
/// <param name="Offset">Byte offset of the first element: in the file for safetensors, in the storage entry otherwise.</param>
public sealed record WeightTensorLocation(string FilePath, string? Entry, long Offset);
