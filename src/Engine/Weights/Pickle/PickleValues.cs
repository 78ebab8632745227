namespace Engine.Weights.Pickle;

/// <summary>A Python tuple read from a pickle.</summary>
internal sealed record PickleTuple(object?[] Items)
{
    public int Count => Items.Length;
}

/// <summary>An allowed global (a class or function name), never resolved to anything executable.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public string FullName => $"{Module}.{Name}";
}

/// <summary>A storage named by a persistent id: element type, the archive entry key, device, and element count.</summary>
internal sealed record TorchStorage(WeightDataType DataType, string Key, string Location, long ElementCount);

/// <summary>The arguments of <c>torch._utils._rebuild_tensor_v2</c>: a view of a storage (validated later, by name).</summary>
internal sealed record TorchTensor(TorchStorage Storage, long StorageOffset, long[] Shape, long[] Strides);
