namespace WebUi.Data;

/// <summary>A prompt and negative prompt pair the user generated with, and how often.</summary>
public sealed class PromptHistoryEntry
{
    /// <summary>A hash of the pair (prompts can be longer than an index key may be).</summary>
    public string Id { get; set; } = "";

    public string Prompt { get; set; } = "";

    public string NegativePrompt { get; set; } = "";

    /// <summary>Lower-cased prompt and negative prompt, for search.</summary>
    public string SearchText { get; set; } = "";

    public int UseCount { get; set; }

    public DateTime FirstUsed { get; set; }

    public DateTime LastUsed { get; set; }
}
