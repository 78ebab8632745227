using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace Engine.Tokenization;

/// <summary>
/// CLIP's byte-level BPE tokenizer (the one OpenCLIP and AUTOMATIC1111 use for SD2, and openai/CLIP for SD1),
/// loaded from a diffusers/transformers <c>tokenizer/</c> folder. Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/> (byte-level, <c>&lt;/w&gt;</c> end-of-word suffix) does
/// the merges and gives the same pieces as CLIP's <c>bpe()</c>. Its normalizers and pre-tokenizers cannot express
/// CLIP's, though: the clean-up is ftfy + double HTML unescape + whitespace collapse + Python lower-casing
/// (<see cref="ClipTextNormalizer"/>), and the pre-tokenizer regex has to classify code points, not UTF-16 units
/// (<see cref="ClipPreTokenizer"/>). So this class normalizes and splits itself and hands BPE one word at a time,
/// through a pre-tokenizer that keeps it whole (BpeTokenizer's default split would cut <c>'s</c> and <c>_</c>
/// apart) and with no normalizer or special tokens, so nothing else is applied to the word.
/// </remarks>
public sealed class ClipTokenizer
{
    private const string EndOfWord = "</w>";
    private readonly BpeTokenizer _bpe;
    private readonly Dictionary<string, int> _vocabulary;
    private readonly string[] _idToToken;
    private readonly string[] _specialTokens;

    private ClipTokenizer(Dictionary<string, int> vocabulary, IReadOnlyList<string> merges, string startToken,
        string endToken, int padTokenId, bool specialTokensInText)
    {
        _vocabulary = vocabulary;
        _bpe = BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = merges,
            ByteLevel = true,
            EndOfWordSuffix = EndOfWord,
            PreTokenizer = WholeTextPreTokenizer.Instance,
        });
        _idToToken = new string[vocabulary.Values.Max() + 1];
        foreach (var (token, id) in vocabulary)
        {
            _idToToken[id] = token;
        }

        StartTokenId = vocabulary[startToken];
        EndTokenId = vocabulary[endToken];
        PadTokenId = padTokenId;
        CommaTokenId = vocabulary.TryGetValue("," + EndOfWord, out var comma) ? comma : null;
        _specialTokens = specialTokensInText ? [startToken, endToken] : [];
    }

    /// <summary>Id of the start-of-text token (49406 in CLIP's vocabulary).</summary>
    public int StartTokenId { get; }

    /// <summary>Id of the end-of-text token (49407).</summary>
    public int EndTokenId { get; }

    /// <summary>Id that fills a sequence after the end token: 0 (<c>!</c>) for SD2, the end token for SD1.</summary>
    public int PadTokenId { get; }

    /// <summary>Id of <c>,&lt;/w&gt;</c>, used by prompt chunking to break at commas; null if the vocabulary lacks it.</summary>
    public int? CommaTokenId { get; }

    /// <summary>Number of entries in the vocabulary (49408 for CLIP).</summary>
    public int VocabularySize => _vocabulary.Count;

    /// <summary>
    /// Loads <c>vocab.json</c> and <c>merges.txt</c>, and the bos/eos/pad tokens from <c>special_tokens_map.json</c>
    /// or <c>tokenizer_config.json</c> when present (defaults: <c>&lt;|startoftext|&gt;</c>,
    /// <c>&lt;|endoftext|&gt;</c>, pad = eos).
    /// </summary>
    /// <param name="tokenizerDir">The <c>tokenizer/</c> folder of a diffusers model.</param>
    /// <param name="specialTokensInText">
    /// Whether <c>&lt;|startoftext|&gt;</c> / <c>&lt;|endoftext|&gt;</c> typed in a prompt become the special ids
    /// (openai/CLIP and transformers, which A1111 uses for SD1). The default, false, is OpenCLIP's behaviour (A1111
    /// for SD2): its special tokens are spelled <c>&lt;start_of_text&gt;</c>, so the typed text is ordinary
    /// punctuation and letters, and a stray end token cannot cut a prompt short.
    /// </param>
    /// <exception cref="FileNotFoundException">vocab.json or merges.txt is missing.</exception>
    /// <exception cref="InvalidDataException">A file is malformed or names a token the vocabulary lacks.</exception>
    public static ClipTokenizer FromDirectory(string tokenizerDir, bool specialTokensInText = false)
    {
        ArgumentNullException.ThrowIfNull(tokenizerDir);
        var vocabPath = Path.Combine(tokenizerDir, "vocab.json");
        var mergesPath = Path.Combine(tokenizerDir, "merges.txt");
        var vocabulary = ReadVocabulary(vocabPath);
        var merges = ReadMerges(mergesPath);

        var specialMapPath = Path.Combine(tokenizerDir, "special_tokens_map.json");
        var configPath = Path.Combine(tokenizerDir, "tokenizer_config.json");
        var special = ReadSpecialTokens(specialMapPath);
        var config = ReadSpecialTokens(configPath);
        var start = special.Start ?? config.Start ?? "<|startoftext|>";
        var end = special.End ?? config.End ?? "<|endoftext|>";
        var pad = special.Pad ?? config.Pad ?? end;
        var padSource = special.Pad is not null ? specialMapPath : configPath;

        RequireToken(vocabulary, start, "bos", File.Exists(specialMapPath) ? specialMapPath : vocabPath);
        RequireToken(vocabulary, end, "eos", File.Exists(specialMapPath) ? specialMapPath : vocabPath);
        RequireToken(vocabulary, pad, "pad", padSource);
        return new ClipTokenizer(vocabulary, merges, start, end, vocabulary[pad], specialTokensInText);
    }

    /// <summary>BPE ids of <paramref name="text"/> after CLIP's clean-up, without start/end tokens.</summary>
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = ClipTextNormalizer.Normalize(text);
        var ids = new List<int>();
        foreach (var piece in ClipPreTokenizer.Split(normalized, _specialTokens))
        {
            if (_vocabulary.TryGetValue(piece, out var specialId) && Array.IndexOf(_specialTokens, piece) >= 0)
            {
                ids.Add(specialId);
                continue;
            }

            ids.AddRange(_bpe.EncodeToIds(piece));
        }

        return ids;
    }

    /// <summary>
    /// <c>[start] + first (length − 2) ids + [end]</c>, then <see cref="PadTokenId"/> up to
    /// <paramref name="length"/>: what a text encoder takes (diffusers' truncation and padding).
    /// </summary>
    public int[] EncodeForModel(string text, int length = 77)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        var ids = Encode(text);
        var result = new int[length];
        Array.Fill(result, PadTokenId);
        result[0] = StartTokenId;
        var count = Math.Min(ids.Count, length - 2);
        for (var i = 0; i < count; i++)
        {
            result[i + 1] = ids[i];
        }

        result[count + 1] = EndTokenId;
        return result;
    }

    /// <summary>
    /// Text of the given ids: byte-level pieces joined, <c>&lt;/w&gt;</c> read as a space, UTF-8 decoded with
    /// U+FFFD for broken sequences (as CLIP's <c>decode</c>). Unknown ids are skipped.
    /// </summary>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var joined = new StringBuilder();
        foreach (var id in ids)
        {
            if (id >= 0 && id < _idToToken.Length && _idToToken[id] is { } token)
            {
                joined.Append(token);
            }
        }

        var bytes = new List<byte>();
        var text = joined.ToString();
        for (var i = 0; i < text.Length; i++)
        {
            if (string.CompareOrdinal(text, i, EndOfWord, 0, EndOfWord.Length) == 0)
            {
                bytes.Add((byte)' ');
                i += EndOfWord.Length - 1;
                continue;
            }

            if (ByteLevelAlphabet.TryGetByte(text[i], out var b))
            {
                bytes.Add(b);
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static Dictionary<string, int> ReadVocabulary(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"CLIP tokenizer vocabulary not found: '{path}'.", path);
        }

        Dictionary<string, int>? vocabulary;
        try
        {
            using var stream = File.OpenRead(path);
            vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a JSON object of token → id: {e.Message}", e);
        }

        if (vocabulary is null || vocabulary.Count == 0)
        {
            throw new InvalidDataException($"'{path}' holds no tokens.");
        }

        if (vocabulary.Values.Any(id => id < 0))
        {
            throw new InvalidDataException($"'{path}' has a negative token id.");
        }

        return vocabulary;
    }

    private static List<string> ReadMerges(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"CLIP tokenizer merges not found: '{path}'.", path);
        }

        var merges = new List<string>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal)))
            {
                continue;
            }

            if (line.Split(' ').Length != 2)
            {
                throw new InvalidDataException($"'{path}' line {lineNumber}: expected two symbols separated by one space, got '{line}'.");
            }

            merges.Add(line);
        }

        if (merges.Count == 0)
        {
            throw new InvalidDataException($"'{path}' holds no merges.");
        }

        return merges;
    }

    private static (string? Start, string? End, string? Pad) ReadSpecialTokens(string path)
    {
        if (!File.Exists(path))
        {
            return (null, null, null);
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"'{path}' is not a JSON object.");
            }

            return (TokenText(document.RootElement, "bos_token", path), TokenText(document.RootElement, "eos_token", path),
                TokenText(document.RootElement, "pad_token", path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON: {e.Message}", e);
        }
    }

    // A special token is written either as a string or as an AddedToken object with "content".
    private static string? TokenText(JsonElement root, string key, string path)
    {
        if (!root.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("content", out var content)
            && content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        throw new InvalidDataException($"'{path}': \"{key}\" must be a string or an object with a \"content\" string.");
    }

    private static void RequireToken(Dictionary<string, int> vocabulary, string token, string role, string source)
    {
        if (!vocabulary.ContainsKey(token))
        {
            throw new InvalidDataException($"The {role} token '{token}' (from '{source}') is not in vocab.json.");
        }
    }
}
