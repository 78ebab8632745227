namespace Engine.Weights.Pickle;

/// <summary>Pickle opcodes (protocols 0-5) by byte, with their names for error messages.</summary>
internal static class PickleOpcodes
{
    public const byte Mark = (byte)'(';
    public const byte Stop = (byte)'.';
    public const byte Pop = (byte)'0';
    public const byte PopMark = (byte)'1';
    public const byte Dup = (byte)'2';
    public const byte BinInt = (byte)'J';
    public const byte BinInt1 = (byte)'K';
    public const byte BinInt2 = (byte)'M';
    public const byte None = (byte)'N';
    public const byte BinPersId = (byte)'Q';
    public const byte Reduce = (byte)'R';
    public const byte BinUnicode = (byte)'X';
    public const byte EmptyList = (byte)']';
    public const byte Append = (byte)'a';
    public const byte Build = (byte)'b';
    public const byte Global = (byte)'c';
    public const byte Dict = (byte)'d';
    public const byte EmptyDict = (byte)'}';
    public const byte Appends = (byte)'e';
    public const byte BinGet = (byte)'h';
    public const byte LongBinGet = (byte)'j';
    public const byte List = (byte)'l';
    public const byte BinPut = (byte)'q';
    public const byte LongBinPut = (byte)'r';
    public const byte SetItem = (byte)'s';
    public const byte Tuple = (byte)'t';
    public const byte EmptyTuple = (byte)')';
    public const byte SetItems = (byte)'u';
    public const byte BinFloat = (byte)'G';
    public const byte BinBytes = (byte)'B';
    public const byte ShortBinBytes = (byte)'C';
    public const byte Proto = 0x80;
    public const byte NewObj = 0x81;
    public const byte Tuple1 = 0x85;
    public const byte Tuple2 = 0x86;
    public const byte Tuple3 = 0x87;
    public const byte NewTrue = 0x88;
    public const byte NewFalse = 0x89;
    public const byte Long1 = 0x8a;
    public const byte Long4 = 0x8b;
    public const byte ShortBinUnicode = 0x8c;
    public const byte BinUnicode8 = 0x8d;
    public const byte BinBytes8 = 0x8e;
    public const byte Memoize = 0x94;
    public const byte Frame = 0x95;
    public const byte StackGlobal = 0x93;

    /// <summary>The opcode's name in CPython's pickletools, or its byte in hex when it is not a pickle opcode at all.</summary>
    public static string Describe(byte opcode)
    {
        var name = opcode switch
        {
            (byte)'I' => "INT",
            (byte)'L' => "LONG",
            (byte)'F' => "FLOAT",
            (byte)'S' => "STRING",
            (byte)'T' => "BINSTRING",
            (byte)'U' => "SHORT_BINSTRING",
            (byte)'V' => "UNICODE",
            (byte)'P' => "PERSID",
            (byte)'g' => "GET",
            (byte)'p' => "PUT",
            (byte)'i' => "INST",
            (byte)'o' => "OBJ",
            0x82 => "EXT1",
            0x83 => "EXT2",
            0x84 => "EXT4",
            0x8f => "EMPTY_SET",
            0x90 => "ADDITEMS",
            0x91 => "FROZENSET",
            0x92 => "NEWOBJ_EX",
            0x96 => "BYTEARRAY8",
            0x97 => "NEXT_BUFFER",
            0x98 => "READONLY_BUFFER",
            _ => null,
        };
        var hex = $"0x{opcode:x2}";
        return name is null ? $"unknown opcode {hex}" : $"opcode {name} ({hex})";
    }
}
