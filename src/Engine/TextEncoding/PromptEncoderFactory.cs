using Engine.Models;
using Engine.Tokenization;

namespace Engine.TextEncoding;

/// <summary>Builds the prompt encoder of a loaded model: its own tokenizer files and its text encoder graph.</summary>
public static class PromptEncoderFactory
{
    /// <summary>Creates a <see cref="PromptEncoder"/> for <paramref name="model"/>.</summary>
    /// <exception cref="InvalidOperationException">The model was not inspected successfully.</exception>
    public static PromptEncoder Create(LoadedModel model, int commaPaddingBacktrack = 20)
    {
        ArgumentNullException.ThrowIfNull(model);
        var descriptor = model.Descriptor;
        if (descriptor.Signatures is null || descriptor.TextEncoder is null)
        {
            throw new InvalidOperationException($"Model '{descriptor.Id}' is not ready: its text encoder was not inspected.");
        }

        var tokenizer = ClipTokenizer.FromDirectory(Path.Combine(descriptor.Path, "tokenizer"));
        var textEncoder = new OnnxTextEncoder(model.TextEncoder, descriptor.Signatures.TextEncoder, descriptor.TextEncoder.HiddenSize);
        return new PromptEncoder(new PromptChunker(tokenizer, commaPaddingBacktrack), textEncoder);
    }
}
