namespace Engine.Weights.Pickle;

/// <summary>
/// The allow-list of globals a PyTorch state-dict pickle may name, and what REDUCE, NEWOBJ and BUILD do with them.
/// Each is interpreted as data (a dict, a tensor view of a storage); nothing is ever looked up or called.
/// </summary>
internal static class TorchPickleGlobals
{
    private const string OrderedDict = "collections.OrderedDict";
    private const string RebuildTensorV2 = "torch._utils._rebuild_tensor_v2";
    private const string RebuildTensor = "torch._utils._rebuild_tensor";
    private const string RebuildParameter = "torch._utils._rebuild_parameter";

    private static readonly Dictionary<string, WeightDataType> s_storageTypes = new(StringComparer.Ordinal)
    {
        ["torch.FloatStorage"] = WeightDataType.Float32,
        ["torch.HalfStorage"] = WeightDataType.Float16,
        ["torch.BFloat16Storage"] = WeightDataType.BFloat16,
        ["torch.LongStorage"] = WeightDataType.Int64,
        ["torch.IntStorage"] = WeightDataType.Int32,
    };

    private static readonly HashSet<string> s_functions = new(StringComparer.Ordinal)
    {
        OrderedDict,
        RebuildTensorV2,
        RebuildTensor,
        RebuildParameter,
    };

    /// <summary>The allowed names, for error messages.</summary>
    public static string AllowedList { get; } =
        string.Join(", ", s_functions.Concat(s_storageTypes.Keys).Order(StringComparer.Ordinal));

    public static bool TryResolve(string module, string name, out PickleGlobal global)
    {
        global = new PickleGlobal(module, name);
        return s_functions.Contains(global.FullName) || s_storageTypes.ContainsKey(global.FullName);
    }

    public static bool TryStorageType(PickleGlobal global, out WeightDataType dataType) =>
        s_storageTypes.TryGetValue(global.FullName, out dataType);

    /// <summary>REDUCE: <c>callable(*args)</c> for the allowed functions, computed as data.</summary>
    public static object Reduce(object? callable, object? args, RestrictedUnpickler reader)
    {
        if (callable is not PickleGlobal global)
        {
            throw reader.Fail($"REDUCE on a {RestrictedUnpickler.TypeName(callable)}, which is not callable.");
        }

        if (args is not PickleTuple tuple)
        {
            throw reader.Fail($"REDUCE of {global.FullName} with {RestrictedUnpickler.TypeName(args)} arguments (a tuple is needed).");
        }

        var a = tuple.Items;
        switch (global.FullName)
        {
            case OrderedDict:
                return NewOrderedDict(a, reader);
            case RebuildTensorV2 when a.Length is 6 or 7:
            case RebuildTensor when a.Length == 4:
                return RebuildTensorView(global, a, reader);
            case RebuildParameter when a.Length == 3 && a[0] is TorchTensor data:
                return data;
            default:
                throw reader.Fail(s_storageTypes.ContainsKey(global.FullName)
                    ? $"{global.FullName} may only appear in a storage's persistent id, not be called."
                    : $"REDUCE of {global.FullName} with {a.Length} arguments of the wrong types.");
        }
    }

    /// <summary>NEWOBJ: only <c>OrderedDict.__new__(OrderedDict)</c>.</summary>
    public static object NewObject(object? cls, object? args, RestrictedUnpickler reader)
    {
        if (cls is PickleGlobal { FullName: OrderedDict } && args is PickleTuple { Count: 0 })
        {
            return new PickleDict();
        }

        throw reader.Fail($"NEWOBJ of {RestrictedUnpickler.TypeName(cls)} is not allowed (only an empty collections.OrderedDict).");
    }

    /// <summary>BUILD: only attributes of a dict (a state dict's <c>_metadata</c>), kept but never interpreted.</summary>
    public static void Build(object? target, object? state, RestrictedUnpickler reader)
    {
        if (target is PickleDict dict && state is PickleDict or PickleTuple or null)
        {
            dict.State = state;
            return;
        }

        throw reader.Fail($"BUILD on a {RestrictedUnpickler.TypeName(target)} is not allowed (only a dict's attributes may be set).");
    }

    private static PickleDict NewOrderedDict(object?[] args, RestrictedUnpickler reader)
    {
        var dict = new PickleDict();
        if (args.Length == 0)
        {
            return dict;
        }

        if (args.Length == 1 && args[0] is List<object?> pairs)
        {
            foreach (var pair in pairs)
            {
                if (pair is not (PickleTuple { Count: 2 } or List<object?> { Count: 2 }))
                {
                    throw reader.Fail("collections.OrderedDict needs a list of (key, value) pairs.");
                }

                var items = pair is PickleTuple t ? t.Items : [.. (List<object?>)pair];
                if (!dict.TrySet(items[0], items[1]))
                {
                    throw reader.Fail($"a dict key of type {RestrictedUnpickler.TypeName(items[0])} is not supported.");
                }
            }

            return dict;
        }

        throw reader.Fail("collections.OrderedDict takes no arguments or a list of pairs here.");
    }

    private static TorchTensor RebuildTensorView(PickleGlobal global, object?[] a, RestrictedUnpickler reader)
    {
        if (a[0] is not TorchStorage storage || a[1] is not long offset
            || a[2] is not PickleTuple size || a[3] is not PickleTuple stride)
        {
            throw reader.Fail($"{global.FullName} needs (storage, offset, size tuple, stride tuple, ...).");
        }

        if (a.Length >= 6 && (a[4] is not bool || a[5] is not (PickleDict or null)))
        {
            throw reader.Fail($"{global.FullName}: requires_grad must be a bool and backward_hooks a dict.");
        }

        if (a.Length == 7 && a[6] is not (PickleDict or null))
        {
            throw reader.Fail($"{global.FullName}: metadata must be a dict.");
        }

        return new TorchTensor(storage, offset, Integers(size, "size", reader), Integers(stride, "stride", reader));
    }

    private static long[] Integers(PickleTuple tuple, string what, RestrictedUnpickler reader)
    {
        var result = new long[tuple.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = tuple.Items[i] as long? ?? throw reader.Fail($"a tensor {what} holds a {RestrictedUnpickler.TypeName(tuple.Items[i])}, not an int.");
        }

        return result;
    }
}
