using Engine.TextEncoding;
using Engine.Tokenization;

namespace WebUi.Services;

/// <summary>
/// The prompt boxes' "N/75" counter, counted as A1111 counts it (attention syntax parsed, 75-token chunks with comma
/// back-tracking) with the tokenizer of the model in use; the tokenizer is loaded once per model.
/// </summary>
public sealed class PromptTokenCounter(ModelSelectionService models, ILogger<PromptTokenCounter> logger)
{
    private readonly Lock _lock = new();
    private string? _modelPath;
    private PromptChunker? _chunker;

    /// <summary>Tokens used and the capacity of the chunks they fill (75, 150, ...), or null without a usable model.</summary>
    public (int Tokens, int Capacity)? Count(string? prompt)
    {
        var chunker = Chunker();
        if (chunker is null)
        {
            return null;
        }

        var tokenized = chunker.Tokenize(prompt ?? "");
        var chunks = Math.Max(1, tokenized.Chunks.Count);
        return (tokenized.TokenCount, chunks * PromptChunker.ChunkLength);
    }

    /// <summary>A1111's label, e.g. "12/75".</summary>
    public string Label(string? prompt) =>
        Count(prompt) is { } count ? FormattableString.Invariant($"{count.Tokens}/{count.Capacity}") : "";

    private PromptChunker? Chunker()
    {
        var path = models.Current?.Descriptor.Path;
        if (path is null)
        {
            return null;
        }

        lock (_lock)
        {
            if (_modelPath != path)
            {
                try
                {
                    _chunker = new PromptChunker(ClipTokenizer.FromDirectory(Path.Combine(path, "tokenizer")));
                }
                catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    logger.LogWarning("Token counter unavailable for {ModelPath}: {Reason}", path, ex.Message);
                    _chunker = null;
                }

                _modelPath = path;
            }

            return _chunker;
        }
    }
}
