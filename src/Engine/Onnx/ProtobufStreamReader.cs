using System.Globalization;
using System.Text;

namespace Engine.Onnx;

/// <summary>
/// A minimal protobuf wire-format reader over a seekable stream. Length-delimited fields the caller does not want
/// are skipped with a seek, so walking a multi-GB model touches only its small structural records.
/// Every length is checked against the enclosing message, which is how truncated files are caught.
/// </summary>
internal sealed class ProtobufStreamReader
{
    private const int MaxStringLength = 1 << 16;

    private readonly Stream _stream;

    public ProtobufStreamReader(Stream stream)
    {
        _stream = stream;
    }

    public long Position => _stream.Position;

    public long Length => _stream.Length;

    /// <summary>Reads the next tag, or returns false at <paramref name="end"/>.</summary>
    public bool TryReadTag(long end, out int field, out int wireType)
    {
        field = 0;
        wireType = 0;
        if (_stream.Position >= end)
        {
            return false;
        }

        var tag = ReadVarint(end);
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (field <= 0 || tag >> 3 > int.MaxValue || wireType is 3 or 4 or 6 or 7)
        {
            throw new InvalidDataException(Invariant($"invalid protobuf field header at byte {_stream.Position}"));
        }

        return true;
    }

    public ulong ReadVarint(long end)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_stream.Position >= end)
            {
                throw Truncated();
            }

            var b = _stream.ReadByte();
            if (b < 0)
            {
                throw Truncated();
            }

            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new InvalidDataException(Invariant($"malformed varint at byte {_stream.Position}"));
    }

    /// <summary>Reads the length prefix of a length-delimited field and returns where that field ends.</summary>
    public long ReadLengthDelimitedEnd(long end)
    {
        var length = ReadVarint(end);
        var start = _stream.Position;
        if (length > (ulong)(end - start))
        {
            throw Truncated();
        }

        return start + (long)length;
    }

    public string ReadString(long end)
    {
        var stop = ReadLengthDelimitedEnd(end);
        var length = (int)Math.Min(stop - _stream.Position, int.MaxValue);
        if (length > MaxStringLength)
        {
            throw new InvalidDataException(Invariant($"a name of {length} bytes at byte {_stream.Position} is implausibly long"));
        }

        var buffer = new byte[length];
        _stream.ReadExactly(buffer);
        return Encoding.UTF8.GetString(buffer);
    }

    public void Skip(int wireType, long end)
    {
        if (wireType == ProtoWireType.Varint)
        {
            ReadVarint(end);
            return;
        }

        var target = wireType switch
        {
            ProtoWireType.Fixed64 => _stream.Position + 8,
            ProtoWireType.LengthDelimited => ReadLengthDelimitedEnd(end),
            ProtoWireType.Fixed32 => _stream.Position + 4,
            _ => throw new InvalidDataException(Invariant($"unsupported protobuf wire type {wireType}")),
        };
        if (target > end)
        {
            throw Truncated();
        }

        _stream.Position = target;
    }

    public void SeekTo(long position) => _stream.Position = position;

    private InvalidDataException Truncated() =>
        new(Invariant($"the file ends early or a record overruns its container near byte {_stream.Position} (truncated or not an ONNX file)"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
