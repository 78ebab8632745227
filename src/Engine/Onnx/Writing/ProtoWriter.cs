using System.Buffers.Binary;
using System.Text;

namespace Engine.Onnx.Writing;

/// <summary>
/// Minimal protocol buffers encoder (proto3 wire format) into a growable in-memory buffer.
/// Nested messages are encoded into a child writer first because their length prefix precedes them.
/// </summary>
internal sealed class ProtoWriter
{
    private byte[] _buffer;
    private int _length;

    public ProtoWriter(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(16, initialCapacity)];
    }

    /// <summary>Bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public int Length => _length;

    public void WriteVarintField(int field, long value)
    {
        WriteTag(field, ProtoWireType.Varint);
        WriteVarint(unchecked((ulong)value));
    }

    public void WriteFloatField(int field, float value)
    {
        WriteTag(field, ProtoWireType.Fixed32);
        EnsureCapacity(sizeof(float));
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.AsSpan(_length), value);
        _length += sizeof(float);
    }

    public void WriteStringField(int field, string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteTag(field, ProtoWireType.LengthDelimited);
        WriteVarint((ulong)byteCount);
        EnsureCapacity(byteCount);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    public void WriteBytesField(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, ProtoWireType.LengthDelimited);
        WriteVarint((ulong)value.Length);
        WriteRaw(value);
    }

    public void WriteMessageField(int field, ProtoWriter message) => WriteBytesField(field, message.WrittenSpan);

    /// <summary>Writes a nested message built by <paramref name="build"/>; empty messages are still written.</summary>
    public void WriteMessageField(int field, Action<ProtoWriter> build)
    {
        var child = new ProtoWriter();
        build(child);
        WriteMessageField(field, child);
    }

    public void WritePackedVarintField(int field, ReadOnlySpan<long> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        var payload = 0;
        foreach (var value in values)
        {
            payload += VarintSize(unchecked((ulong)value));
        }

        WriteTag(field, ProtoWireType.LengthDelimited);
        WriteVarint((ulong)payload);
        foreach (var value in values)
        {
            WriteVarint(unchecked((ulong)value));
        }
    }

    public void WritePackedFloatField(int field, ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        WriteTag(field, ProtoWireType.LengthDelimited);
        WriteVarint((ulong)values.Length * sizeof(float));
        EnsureCapacity(values.Length * sizeof(float));
        foreach (var value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(_buffer.AsSpan(_length), value);
            _length += sizeof(float);
        }
    }

    public void CopyTo(Stream stream) => stream.Write(WrittenSpan);

    public byte[] ToArray() => WrittenSpan.ToArray();

    private void WriteTag(int field, int wireType) => WriteVarint(((ulong)field << 3) | (uint)wireType);

    private void WriteVarint(ulong value)
    {
        EnsureCapacity(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_length++] = (byte)value;
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        EnsureCapacity(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private void EnsureCapacity(int extra)
    {
        var required = (long)_length + extra;
        if (required <= _buffer.Length)
        {
            return;
        }

        if (required > Array.MaxLength)
        {
            throw new InvalidOperationException("Protobuf message exceeds the largest array; store big tensors as external data.");
        }

        var capacity = (int)Math.Min(Array.MaxLength, Math.Max(required, (long)_buffer.Length * 2));
        Array.Resize(ref _buffer, capacity);
    }
}
