using System.Buffers.Binary;
using System.Text;

namespace Engine.Onnx.Writing;

/// <summary>
/// Minimal protocol buffers encoder (proto3 wire format) into a growable in-memory buffer.
/// Nested messages are encoded into a child writer first because their length prefix precedes them.
/// </summary>
/// <remarks>
/// A bytes field can be deferred: only its tag and length are encoded, and its payload is produced by a writer when the
/// message is copied to a stream. Lengths of enclosing messages count the deferred payloads, so the encoding is the same
/// as with the bytes inline, but a model's weights never sit in the buffer.
/// </remarks>
internal sealed class ProtoWriter
{
    private readonly List<DeferredBytes> _deferred = [];
    private byte[] _buffer;
    private int _length;
    private long _deferredLength;

    public ProtoWriter(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(16, initialCapacity)];
    }

    /// <summary>Encoded length, deferred payloads included.</summary>
    public long Length => _length + _deferredLength;

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

    /// <summary>Writes a bytes field whose <paramref name="length"/> payload bytes <paramref name="write"/> produces in <see cref="CopyTo"/>.</summary>
    public void WriteDeferredBytesField(int field, long length, Action<Stream> write)
    {
        WriteTag(field, ProtoWireType.LengthDelimited);
        WriteVarint((ulong)length);
        _deferred.Add(new DeferredBytes(_length, length, write));
        _deferredLength += length;
    }

    public void WriteMessageField(int field, ProtoWriter message)
    {
        WriteTag(field, ProtoWireType.LengthDelimited);
        WriteVarint((ulong)message.Length);
        var start = _length;
        WriteRaw(message._buffer.AsSpan(0, message._length));
        foreach (var deferred in message._deferred)
        {
            _deferred.Add(deferred with { Position = start + deferred.Position });
        }

        _deferredLength += message._deferredLength;
    }

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

    /// <summary>Writes the encoding to <paramref name="stream"/>, running each deferred payload's writer in place.</summary>
    public void CopyTo(Stream stream)
    {
        var position = 0;
        foreach (var deferred in _deferred)
        {
            stream.Write(_buffer.AsSpan(position, deferred.Position - position));
            deferred.Write(stream);
            position = deferred.Position;
        }

        stream.Write(_buffer.AsSpan(position, _length - position));
    }

    public byte[] ToArray()
    {
        using var stream = new MemoryStream(checked((int)Length));
        CopyTo(stream);
        return stream.ToArray();
    }

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

    /// <summary>A payload of <paramref name="Length"/> bytes that goes at <paramref name="Position"/> of the buffer.</summary>
    private sealed record DeferredBytes(int Position, long Length, Action<Stream> Write);
}
