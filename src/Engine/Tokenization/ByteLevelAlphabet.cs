namespace Engine.Tokenization;

/// <summary>
/// GPT-2/CLIP's <c>bytes_to_unicode</c> table: every byte has a printable stand-in character in byte-level BPE
/// vocabularies (printable Latin-1 bytes stand for themselves, the rest map to U+0100 onwards).
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly Dictionary<char, byte> s_charToByte = Build();

    /// <summary>The byte a vocabulary character stands for.</summary>
    public static bool TryGetByte(char c, out byte value) => s_charToByte.TryGetValue(c, out value);

    private static Dictionary<char, byte> Build()
    {
        var map = new Dictionary<char, byte>(256);
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is (>= '!' and <= '~') or (>= 0xA1 and <= 0xAC) or (>= 0xAE and <= 0xFF);
            map[printable ? (char)b : (char)next++] = (byte)b;
        }

        return map;
    }
}
