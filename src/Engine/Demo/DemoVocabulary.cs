using System.Text;

namespace Engine.Demo;

/// <summary>
/// The demo model's CLIP-format BPE vocabulary: the 256 byte symbols in CLIP's <c>bytes_to_unicode</c> order
/// (ids 0..255), the same with <c>&lt;/w&gt;</c> (256..511), one token per generated merge, then
/// <c>&lt;|startoftext|&gt;</c> and <c>&lt;|endoftext|&gt;</c> as the last two ids. Pad is <c>!</c> (id 0), as in SD2.
/// </summary>
public sealed class DemoVocabulary
{
    /// <summary>Start-of-text token.</summary>
    public const string StartOfText = "<|startoftext|>";

    /// <summary>End-of-text token (also CLIP's unknown token).</summary>
    public const string EndOfText = "<|endoftext|>";

    /// <summary>Pad token, as SD2 pads.</summary>
    public const string PadToken = "!";

    /// <summary>Word-end marker appended to the last symbol of a word.</summary>
    public const string WordEnd = "</w>";

    private readonly List<string> _tokens = [];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<(string Left, string Right)> _merges = [];
    private readonly Dictionary<(string, string), int> _ranks = [];

    private DemoVocabulary()
    {
        var byteSymbols = ByteSymbols();
        foreach (var symbol in byteSymbols)
        {
            AddToken(symbol);
        }

        foreach (var symbol in byteSymbols)
        {
            AddToken(symbol + WordEnd);
        }

        foreach (var word in DemoWords.All)
        {
            AddMergesFor(word);
        }

        AddToken(StartOfText);
        AddToken(EndOfText);
    }

    /// <summary>The one vocabulary every demo model uses.</summary>
    public static DemoVocabulary Instance { get; } = new();

    /// <summary>Tokens by id.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>Merges in rank order (lowest rank first), as merges.txt lists them.</summary>
    public IReadOnlyList<(string Left, string Right)> Merges => _merges;

    /// <summary>Number of tokens.</summary>
    public int Count => _tokens.Count;

    /// <summary>Id of <see cref="StartOfText"/>.</summary>
    public int BosId => _ids[StartOfText];

    /// <summary>Id of <see cref="EndOfText"/>.</summary>
    public int EosId => _ids[EndOfText];

    /// <summary>Id of <see cref="PadToken"/> (0).</summary>
    public int PadId => _ids[PadToken];

    /// <summary>Id of a token string, e.g. <c>red&lt;/w&gt;</c>.</summary>
    public int IdOf(string token) =>
        _ids.TryGetValue(token, out var id) ? id : throw new KeyNotFoundException($"'{token}' is not in the demo vocabulary.");

    /// <summary>Id of a whole word's token (the word plus <c>&lt;/w&gt;</c>).</summary>
    public int WordId(string word) => IdOf(word + WordEnd);

    /// <summary>CLIP's byte-pair encoding of one lower-case word made of printable ASCII.</summary>
    public IReadOnlyList<string> Bpe(string word)
    {
        ArgumentException.ThrowIfNullOrEmpty(word);
        var parts = new List<string>(word.Length);
        for (var i = 0; i < word.Length - 1; i++)
        {
            parts.Add(word[i].ToString());
        }

        parts.Add(word[^1] + WordEnd);
        while (parts.Count > 1)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i < parts.Count - 1; i++)
            {
                if (_ranks.TryGetValue((parts[i], parts[i + 1]), out var rank) && rank < bestRank)
                {
                    bestRank = rank;
                    best = i;
                }
            }

            if (best < 0)
            {
                break;
            }

            var (left, right) = _merges[bestRank];
            var merged = new List<string>(parts.Count);
            for (var i = 0; i < parts.Count; i++)
            {
                if (i < parts.Count - 1 && parts[i] == left && parts[i + 1] == right)
                {
                    merged.Add(left + right);
                    i++;
                }
                else
                {
                    merged.Add(parts[i]);
                }
            }

            parts = merged;
        }

        return parts;
    }

    /// <summary>CLIP's <c>bytes_to_unicode</c>: printable bytes map to themselves, the rest to U+0100 and up.</summary>
    public static IReadOnlyList<string> ByteSymbols()
    {
        var bytes = new List<int>();
        bytes.AddRange(Enumerable.Range('!', '~' - '!' + 1));
        bytes.AddRange(Enumerable.Range('¡', '¬' - '¡' + 1));
        bytes.AddRange(Enumerable.Range('®', 'ÿ' - '®' + 1));
        var chars = new List<int>(bytes);
        var extra = 0;
        for (var b = 0; b < 256; b++)
        {
            if (!bytes.Contains(b))
            {
                bytes.Add(b);
                chars.Add(256 + extra++);
            }
        }

        return [.. chars.Select(c => new Rune(c).ToString())];
    }

    // Adds merges (always at the highest rank so earlier words keep their tokens) until BPE turns the word
    // into one token. Each new merge joins the first adjacent pair whose result is not a token yet.
    private void AddMergesFor(string word)
    {
        while (true)
        {
            var parts = Bpe(word);
            if (parts.Count == 1)
            {
                return;
            }

            var added = false;
            for (var i = 0; i < parts.Count - 1 && !added; i++)
            {
                var merged = parts[i] + parts[i + 1];
                if (!_ids.ContainsKey(merged))
                {
                    _ranks.Add((parts[i], parts[i + 1]), _merges.Count);
                    _merges.Add((parts[i], parts[i + 1]));
                    AddToken(merged);
                    added = true;
                }
            }

            if (!added)
            {
                throw new InvalidOperationException($"No merge sequence makes '{word}' one token.");
            }
        }
    }

    private void AddToken(string token)
    {
        _ids.Add(token, _tokens.Count);
        _tokens.Add(token);
    }
}
