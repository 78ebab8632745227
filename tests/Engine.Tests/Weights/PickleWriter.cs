using System.Buffers.Binary;
using System.Text;

namespace Engine.Tests.Weights;

/// <summary>A small pickle writer for tests: raw opcodes, and state dicts laid out the way torch.save writes them.</summary>
internal sealed class PickleWriter
{
    private readonly List<byte> _out = [];
    private int _memo;

    public byte[] ToArray() => _out.ToArray();

    public PickleWriter Op(byte opcode)
    {
        _out.Add(opcode);
        return this;
    }

    public PickleWriter Raw(params byte[] bytes)
    {
        _out.AddRange(bytes);
        return this;
    }

    public PickleWriter Proto(byte version = 2) => Op(0x80).Raw(version);

    public PickleWriter Mark() => Op((byte)'(');

    public PickleWriter Stop() => Op((byte)'.');

    public PickleWriter None() => Op((byte)'N');

    public PickleWriter Bool(bool value) => Op(value ? (byte)0x88 : (byte)0x89);

    public PickleWriter EmptyTuple() => Op((byte)')');

    public PickleWriter EmptyDict() => Op((byte)'}');

    public PickleWriter EmptyList() => Op((byte)']');

    public PickleWriter Tuple() => Op((byte)'t');

    public PickleWriter SetItem() => Op((byte)'s');

    public PickleWriter SetItems() => Op((byte)'u');

    public PickleWriter Reduce() => Op((byte)'R');

    public PickleWriter Build() => Op((byte)'b');

    public PickleWriter BinPersId() => Op((byte)'Q');

    public PickleWriter BinPut() => Op((byte)'q').Raw((byte)_memo++);

    public PickleWriter BinGet(byte index) => Op((byte)'h').Raw(index);

    public PickleWriter Str(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length < 256)
        {
            Op(0x8c).Raw((byte)bytes.Length);
        }
        else
        {
            Op((byte)'X');
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            _out.AddRange(length.ToArray());
        }

        _out.AddRange(bytes);
        return this;
    }

    public PickleWriter Int(long value)
    {
        if (value is >= 0 and < 256)
        {
            return Op((byte)'K').Raw((byte)value);
        }

        if (value is >= 0 and < 65536)
        {
            return Op((byte)'M').Raw((byte)value, (byte)(value >> 8));
        }

        if (value is >= int.MinValue and <= int.MaxValue)
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)value);
            return Op((byte)'J').Raw(bytes);
        }

        var longBytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(longBytes, value);
        return Op(0x8a).Raw(8).Raw(longBytes);
    }

    public PickleWriter Global(string module, string name) =>
        Op((byte)'c').Raw(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

    public PickleWriter StackGlobal(string module, string name) => Str(module).Str(name).Op(0x93);

    public PickleWriter IntTuple(long[] values)
    {
        Mark();
        foreach (var v in values)
        {
            Int(v);
        }

        return Tuple();
    }

    /// <summary><c>collections.OrderedDict()</c> as torch writes it (GLOBAL, EMPTY_TUPLE, REDUCE).</summary>
    public PickleWriter NewOrderedDict() => Global("collections", "OrderedDict").EmptyTuple().Reduce().BinPut();

    /// <summary><c>_rebuild_tensor_v2(storage pid, offset, size, stride, False, OrderedDict())</c>.</summary>
    public PickleWriter Tensor(TestTensor t, string rebuild = "_rebuild_tensor_v2")
    {
        Global("torch._utils", rebuild).BinPut();
        Mark();
        Mark().Str("storage").Global("torch", t.StorageType).BinPut().Str(t.Key).Str("cpu").Int(t.StorageElements).Tuple().BinPut().BinPersId().BinPut();
        Int(t.Offset).IntTuple(t.Shape).BinPut().IntTuple(t.Strides ?? Contiguous(t.Shape)).BinPut();
        if (rebuild == "_rebuild_tensor_v2")
        {
            Bool(false).NewOrderedDict();
        }

        return Tuple().BinPut().Reduce().BinPut();
    }

    /// <summary>A state dict: OrderedDict of name → tensor, as <c>torch.save(model.state_dict())</c> pickles it.</summary>
    public static byte[] StateDict(IEnumerable<(string Name, TestTensor Tensor)> tensors)
    {
        var w = new PickleWriter().Proto().NewOrderedDict().Mark();
        foreach (var (name, tensor) in tensors)
        {
            w.Str(name).BinPut().Tensor(tensor);
        }

        return w.SetItems().Stop().ToArray();
    }

    public static long[] Contiguous(long[] shape)
    {
        var strides = new long[shape.Length];
        long s = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }

        return strides;
    }
}

/// <summary>A tensor reference in a test pickle: storage type and key, element count of the storage, and the view.</summary>
internal sealed record TestTensor(string StorageType, string Key, long StorageElements, long Offset, long[] Shape, long[]? Strides = null);
