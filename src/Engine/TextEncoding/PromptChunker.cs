using Engine.Tokenization;

namespace Engine.TextEncoding;

/// <summary>
/// AUTOMATIC1111's <c>TextConditionalModel.tokenize_line</c> (v1.10.1): parse attention, tokenize each weighted
/// run, pack the tokens into 75-token chunks (a <c>BREAK</c> starts a new chunk; when a chunk fills up within
/// <see cref="CommaPaddingBacktrack"/> tokens of its last comma, the text after the comma moves to the next chunk),
/// then wrap each chunk as <c>[start] + 75 + [end]</c> and apply the SD2 padding fix (<c>process_tokens</c>).
/// </summary>
/// <remarks>Textual-inversion embeddings are not handled here (A1111 never splits one across chunks).</remarks>
public sealed class PromptChunker
{
    /// <summary>Tokens per chunk between the start and end tokens.</summary>
    public const int ChunkLength = 75;

    private readonly ClipTokenizer _tokenizer;

    /// <summary>Creates a chunker over <paramref name="tokenizer"/>.</summary>
    /// <param name="tokenizer">The model's tokenizer; its pad id decides the padding fix.</param>
    /// <param name="commaPaddingBacktrack">A1111's <c>comma_padding_backtrack</c> option (default 20, 0 = off).</param>
    public PromptChunker(ClipTokenizer tokenizer, int commaPaddingBacktrack = 20)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfNegative(commaPaddingBacktrack);
        _tokenizer = tokenizer;
        CommaPaddingBacktrack = commaPaddingBacktrack;
    }

    /// <summary>How far back (in tokens) a comma may be for a full chunk to be cut after it.</summary>
    public int CommaPaddingBacktrack { get; }

    /// <summary>Chunks <paramref name="prompt"/> with attention weights parsed from it.</summary>
    public TokenizedPrompt Tokenize(string prompt) => Tokenize(PromptAttentionParser.Parse(prompt));

    /// <summary>Chunks already-parsed weighted runs (e.g. with emphasis "None": one run of weight 1).</summary>
    public TokenizedPrompt Tokenize(IReadOnlyList<WeightedText> parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var chunks = new List<PromptChunk>();
        var tokens = new List<int>();
        var multipliers = new List<double>();
        var tokenCount = 0;
        var lastComma = -1;

        void NextChunk(bool isLast)
        {
            tokenCount += isLast ? tokens.Count : ChunkLength;
            chunks.Add(Wrap(tokens, multipliers));
            tokens.Clear();
            multipliers.Clear();
            lastComma = -1;
        }

        foreach (var run in parsed)
        {
            if (run.IsBreak)
            {
                NextChunk(isLast: false);
                continue;
            }

            foreach (var token in _tokenizer.Encode(run.Text))
            {
                if (token == _tokenizer.CommaTokenId)
                {
                    lastComma = tokens.Count;
                }
                else if (CommaPaddingBacktrack != 0 && tokens.Count == ChunkLength && lastComma != -1
                    && tokens.Count - lastComma <= CommaPaddingBacktrack)
                {
                    var breakAt = lastComma + 1;
                    var movedTokens = tokens.GetRange(breakAt, tokens.Count - breakAt);
                    var movedMultipliers = multipliers.GetRange(breakAt, multipliers.Count - breakAt);
                    tokens.RemoveRange(breakAt, tokens.Count - breakAt);
                    multipliers.RemoveRange(breakAt, multipliers.Count - breakAt);
                    NextChunk(isLast: false);
                    tokens.AddRange(movedTokens);
                    multipliers.AddRange(movedMultipliers);
                }

                if (tokens.Count == ChunkLength)
                {
                    NextChunk(isLast: false);
                }

                tokens.Add(token);
                multipliers.Add(run.Weight);
            }
        }

        if (tokens.Count > 0 || chunks.Count == 0)
        {
            NextChunk(isLast: true);
        }

        return new TokenizedPrompt(chunks, tokenCount);
    }

    private PromptChunk Wrap(List<int> tokens, List<double> multipliers)
    {
        const int length = ChunkLength + 2;
        var raw = new int[length];
        var weights = new double[length];
        Array.Fill(raw, _tokenizer.EndTokenId);
        Array.Fill(weights, 1.0);
        raw[0] = _tokenizer.StartTokenId;
        tokens.CopyTo(raw, 1);
        multipliers.CopyTo(weights, 1);

        var ids = (int[])raw.Clone();
        if (_tokenizer.PadTokenId != _tokenizer.EndTokenId)
        {
            var firstEnd = Array.IndexOf(ids, _tokenizer.EndTokenId);
            for (var i = firstEnd + 1; i < length; i++)
            {
                ids[i] = _tokenizer.PadTokenId;
            }
        }

        return new PromptChunk(ids, weights, raw);
    }
}
