using System.Buffers.Binary;
using System.Text;

namespace Engine.Weights.Pickle;

/// <summary>
/// Reads the pickle of a PyTorch state dict without running anything. Only the opcodes a state dict needs are
/// understood, and only the globals of <see cref="TorchPickleGlobals"/> may be named; a global is never resolved to
/// code: REDUCE with an allowed global builds a plain value (a dict, a tensor view of a storage). Any other global,
/// INST/OBJ, extension codes, or an unknown opcode fails with a <see cref="WeightFileException"/> naming it.
/// See docs/decisions/0006-restricted-unpickler.md.
/// </summary>
internal sealed class RestrictedUnpickler
{
    private const int MaxGlobalNameLength = 256;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly object s_mark = new();

    private readonly byte[] _data;
    private readonly string _path;
    private readonly string _entryName;
    private readonly WeightFileLimits _limits;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private readonly Dictionary<string, TorchStorage> _storages = new(StringComparer.Ordinal);
    private int _position;
    private int _opcodeStart;
    private long _objects;

    private RestrictedUnpickler(byte[] data, string path, string entryName, WeightFileLimits limits)
    {
        _data = data;
        _path = path;
        _entryName = entryName;
        _limits = limits;
    }

    /// <summary>The value the pickle describes (for state dicts, a <see cref="PickleDict"/> of <see cref="TorchTensor"/>s).</summary>
    /// <param name="data">The whole pickle.</param>
    /// <param name="path">The file, for messages.</param>
    /// <param name="entryName">The archive entry holding the pickle, for messages.</param>
    /// <param name="limits">Caps on the number of values.</param>
    public static object? Load(byte[] data, string path, string entryName, WeightFileLimits limits) =>
        new RestrictedUnpickler(data, path, entryName, limits).Run();

    private object? Run()
    {
        while (true)
        {
            _opcodeStart = _position;
            var op = ReadByte();
            switch (op)
            {
                case PickleOpcodes.Proto:
                    var protocol = ReadByte();
                    if (protocol > 5)
                    {
                        throw Fail($"pickle protocol {protocol} is not supported (0-5 are).");
                    }

                    break;
                case PickleOpcodes.Frame:
                    Take(8);
                    break;
                case PickleOpcodes.Stop:
                    return Finish();
                case PickleOpcodes.Mark:
                    _marks.Push(_stack.Count);
                    break;
                case PickleOpcodes.Pop:
                    if (_stack.Count > 0 && _marks.Count > 0 && _marks.Peek() == _stack.Count)
                    {
                        _marks.Pop();
                    }
                    else
                    {
                        PopValue();
                    }

                    break;
                case PickleOpcodes.PopMark:
                    PopToMark();
                    break;
                case PickleOpcodes.Dup:
                    Push(Peek());
                    break;
                case PickleOpcodes.None:
                    Push(null);
                    break;
                case PickleOpcodes.NewTrue:
                    Push(true);
                    break;
                case PickleOpcodes.NewFalse:
                    Push(false);
                    break;
                case PickleOpcodes.BinInt:
                    Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4)));
                    break;
                case PickleOpcodes.BinInt1:
                    Push((long)ReadByte());
                    break;
                case PickleOpcodes.BinInt2:
                    Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2)));
                    break;
                case PickleOpcodes.Long1:
                    Push(ReadLong(ReadByte()));
                    break;
                case PickleOpcodes.Long4:
                    Push(ReadLong(ReadLength(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))));
                    break;
                case PickleOpcodes.BinFloat:
                    Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8)));
                    break;
                case PickleOpcodes.ShortBinUnicode:
                    Push(ReadString(ReadByte()));
                    break;
                case PickleOpcodes.BinUnicode:
                    Push(ReadString(ReadLength(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))));
                    break;
                case PickleOpcodes.BinUnicode8:
                    Push(ReadString(ReadLength(BinaryPrimitives.ReadUInt64LittleEndian(Take(8)))));
                    break;
                case PickleOpcodes.ShortBinBytes:
                    Push(Take(ReadByte()).ToArray());
                    break;
                case PickleOpcodes.BinBytes:
                    Push(Take(ReadLength(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))).ToArray());
                    break;
                case PickleOpcodes.BinBytes8:
                    Push(Take(ReadLength(BinaryPrimitives.ReadUInt64LittleEndian(Take(8)))).ToArray());
                    break;
                case PickleOpcodes.EmptyTuple:
                    Push(new PickleTuple([]));
                    break;
                case PickleOpcodes.Tuple1:
                case PickleOpcodes.Tuple2:
                case PickleOpcodes.Tuple3:
                    var items = new object?[op - PickleOpcodes.Tuple1 + 1];
                    for (var i = items.Length - 1; i >= 0; i--)
                    {
                        items[i] = PopValue();
                    }

                    Push(new PickleTuple(items));
                    break;
                case PickleOpcodes.Tuple:
                    Push(new PickleTuple([.. PopToMark()]));
                    break;
                case PickleOpcodes.EmptyList:
                    Push(new List<object?>());
                    break;
                case PickleOpcodes.List:
                    Push(PopToMark());
                    break;
                case PickleOpcodes.Append:
                    var value = PopValue();
                    AsList(Peek()).Add(value);
                    break;
                case PickleOpcodes.Appends:
                    var values = PopToMark();
                    AsList(Peek()).AddRange(values);
                    break;
                case PickleOpcodes.EmptyDict:
                    Push(new PickleDict());
                    break;
                case PickleOpcodes.Dict:
                    var dict = new PickleDict();
                    SetItems(dict, PopToMark());
                    Push(dict);
                    break;
                case PickleOpcodes.SetItem:
                    var itemValue = PopValue();
                    var key = PopValue();
                    SetItems(AsDict(Peek()), [key, itemValue]);
                    break;
                case PickleOpcodes.SetItems:
                    var pairs = PopToMark();
                    SetItems(AsDict(Peek()), pairs);
                    break;
                case PickleOpcodes.BinPut:
                    _memo[ReadByte()] = Peek();
                    break;
                case PickleOpcodes.LongBinPut:
                    _memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = Peek();
                    break;
                case PickleOpcodes.Memoize:
                    _memo[_memo.Count] = Peek();
                    break;
                case PickleOpcodes.BinGet:
                    Push(GetMemo(ReadByte()));
                    break;
                case PickleOpcodes.LongBinGet:
                    Push(GetMemo(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))));
                    break;
                case PickleOpcodes.Global:
                    Push(ResolveGlobal(ReadLine(), ReadLine()));
                    break;
                case PickleOpcodes.StackGlobal:
                    var name = PopValue();
                    var module = PopValue();
                    if (module is not string moduleText || name is not string nameText)
                    {
                        throw Fail("STACK_GLOBAL needs two strings on the stack.");
                    }

                    Push(ResolveGlobal(moduleText, nameText));
                    break;
                case PickleOpcodes.Reduce:
                    var args = PopValue();
                    var callable = PopValue();
                    Push(TorchPickleGlobals.Reduce(callable, args, this));
                    break;
                case PickleOpcodes.NewObj:
                    var newArgs = PopValue();
                    var cls = PopValue();
                    Push(TorchPickleGlobals.NewObject(cls, newArgs, this));
                    break;
                case PickleOpcodes.Build:
                    var state = PopValue();
                    TorchPickleGlobals.Build(Peek(), state, this);
                    break;
                case PickleOpcodes.BinPersId:
                    Push(PersistentLoad(PopValue()));
                    break;
                case (byte)'i':
                case (byte)'o':
                    throw Fail($"{PickleOpcodes.Describe(op)} constructs an arbitrary object and is never allowed in a weight file.");
                default:
                    throw Fail($"{PickleOpcodes.Describe(op)} is not allowed in a weight file (only the opcodes state dicts use are read).");
            }
        }
    }

    /// <summary>An error at the current opcode, naming the file, the pickle entry and the byte offset.</summary>
    internal WeightFileException Fail(string problem) =>
        new(_path, $"{_entryName} at byte {_opcodeStart}: {problem}");

    private object? Finish()
    {
        if (_marks.Count > 0)
        {
            throw Fail("STOP with an unclosed MARK.");
        }

        if (_stack.Count != 1)
        {
            throw Fail($"STOP with {_stack.Count} values on the stack (expected 1).");
        }

        return _stack[0];
    }

    private PickleGlobal ResolveGlobal(string module, string name) =>
        TorchPickleGlobals.TryResolve(module, name, out var global)
            ? global
            : throw Fail($"the global '{module}.{name}' is not allowed: a weight file may only name " +
                         $"{TorchPickleGlobals.AllowedList}. Nothing was executed; the file may be malicious or hold more than weights.");

    private TorchStorage PersistentLoad(object? pid)
    {
        if (pid is not PickleTuple { Count: 5 } tuple
            || tuple.Items[0] is not "storage"
            || tuple.Items[1] is not PickleGlobal storageType
            || tuple.Items[2] is not string key
            || tuple.Items[3] is not string location
            || tuple.Items[4] is not long count)
        {
            throw Fail("a persistent id must be ('storage', storage type, key, location, element count).");
        }

        if (!TorchPickleGlobals.TryStorageType(storageType, out var dataType))
        {
            throw Fail($"'{storageType.FullName}' is not a storage type.");
        }

        if (count < 0)
        {
            throw Fail($"storage '{key}' has a negative element count {count}.");
        }

        var storage = new TorchStorage(dataType, key, location, count);
        if (_storages.TryGetValue(key, out var existing))
        {
            if (existing.DataType != dataType || existing.ElementCount != count)
            {
                throw Fail($"storage '{key}' is declared twice with different types or sizes.");
            }

            return existing;
        }

        _storages.Add(key, storage);
        return storage;
    }

    private void SetItems(PickleDict dict, List<object?> keysAndValues)
    {
        if (keysAndValues.Count % 2 != 0)
        {
            throw Fail("SETITEMS with an odd number of keys and values.");
        }

        for (var i = 0; i < keysAndValues.Count; i += 2)
        {
            if (!dict.TrySet(keysAndValues[i], keysAndValues[i + 1]))
            {
                throw Fail($"a dict key of type {TypeName(keysAndValues[i])} is not supported (strings and integers are).");
            }
        }
    }

    private List<object?> AsList(object? value) =>
        value as List<object?> ?? throw Fail($"APPEND to a {TypeName(value)}, not a list.");

    private PickleDict AsDict(object? value) =>
        value as PickleDict ?? throw Fail($"SETITEM on a {TypeName(value)}, not a dict.");

    internal static string TypeName(object? value) => value switch
    {
        null => "None",
        string => "str",
        long => "int",
        bool => "bool",
        double => "float",
        byte[] => "bytes",
        PickleTuple => "tuple",
        List<object?> => "list",
        PickleDict => "dict",
        PickleGlobal g => g.FullName,
        TorchStorage => "storage",
        TorchTensor => "tensor",
        _ => value.GetType().Name,
    };

    private void Push(object? value)
    {
        if (++_objects > _limits.MaxPickleObjects)
        {
            throw Fail($"the pickle holds more than {_limits.MaxPickleObjects} values.");
        }

        _stack.Add(value);
    }

    private object? Peek()
    {
        if (_stack.Count == 0 || (_marks.Count > 0 && _marks.Peek() == _stack.Count))
        {
            throw Fail("the stack is empty.");
        }

        return _stack[^1];
    }

    private object? PopValue()
    {
        var value = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private List<object?> PopToMark()
    {
        if (_marks.Count == 0)
        {
            throw Fail("no MARK to pop to.");
        }

        var mark = _marks.Pop();
        var items = _stack.GetRange(mark, _stack.Count - mark);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private object? GetMemo(long index) =>
        _memo.TryGetValue(index, out var value) ? value : throw Fail($"memo entry {index} was never stored.");

    private byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw Fail("the pickle ends before STOP (truncated file).");
        }

        return _data[_position++];
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw Fail("the pickle ends before STOP (truncated file).");
        }

        var span = _data.AsSpan(_position, count);
        _position += count;
        return span;
    }

    private int ReadLength(ulong length) =>
        length > (ulong)(_data.Length - _position)
            ? throw Fail($"a length of {length} bytes runs past the end of the pickle (truncated or damaged file).")
            : (int)length;

    private long ReadLong(int byteCount)
    {
        if (byteCount > 8)
        {
            throw Fail($"an integer of {byteCount} bytes does not fit in 64 bits.");
        }

        var bytes = Take(byteCount);
        if (byteCount == 0)
        {
            return 0;
        }

        long value = (sbyte)bytes[^1];
        for (var i = byteCount - 2; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    private string ReadString(int length)
    {
        try
        {
            return s_strictUtf8.GetString(Take(length));
        }
        catch (DecoderFallbackException ex)
        {
            throw Fail($"a string is not valid UTF-8 ({ex.Message}).");
        }
    }

    private string ReadLine()
    {
        var window = Math.Min(MaxGlobalNameLength, _data.Length - _position);
        var end = Array.IndexOf(_data, (byte)'\n', _position, window);
        if (end < 0)
        {
            throw Fail(window < MaxGlobalNameLength
                ? "the pickle ends before STOP, inside a GLOBAL name (truncated file)."
                : $"a GLOBAL name is longer than {MaxGlobalNameLength} bytes.");
        }

        var text = ReadString(end - _position);
        _position = end + 1;
        return text;
    }
}
