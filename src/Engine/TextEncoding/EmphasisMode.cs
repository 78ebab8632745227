namespace Engine.TextEncoding;

/// <summary>
/// How prompt weights such as <c>(word:1.3)</c> act on the text encoder's output; AUTOMATIC1111's "Emphasis" setting
/// (modules/sd_emphasis.py), whose default is <see cref="Original"/>.
/// </summary>
public enum EmphasisMode
{
    /// <summary>Multiply each token's hidden state by its weight, then rescale the chunk so its mean is unchanged.</summary>
    Original,

    /// <summary>Multiply by the weights without restoring the mean.</summary>
    NoNorm,

    /// <summary>Parse the brackets (they are removed from the text) but ignore the weights.</summary>
    Ignore,

    /// <summary>Do not parse brackets at all: the prompt is tokenized exactly as typed.</summary>
    None,
}
