namespace Engine.Onnx;

/// <summary>Protobuf wire types (the low three bits of a field tag) used by the reader and the writer.</summary>
internal static class ProtoWireType
{
    /// <summary>Varint: int32/int64/uint64/bool/enum.</summary>
    public const int Varint = 0;

    /// <summary>Eight little-endian bytes: fixed64/sfixed64/double.</summary>
    public const int Fixed64 = 1;

    /// <summary>A varint length, then that many bytes: string/bytes/embedded message/packed repeated.</summary>
    public const int LengthDelimited = 2;

    /// <summary>Four little-endian bytes: fixed32/sfixed32/float.</summary>
    public const int Fixed32 = 5;
}
