using System.Text;

namespace Engine.Hub;

/// <summary>A Hugging Face model repository to download.</summary>
/// <param name="RepoId"><c>owner/name</c>.</param>
/// <param name="Revision">Branch, tag or commit.</param>
/// <param name="Token">Access token for gated or private repositories; never logged.</param>
public sealed record HubDownloadRequest(string RepoId, string Revision = "main", string? Token = null)
{
    /// <summary>
    /// Weights variant to prefer, such as <c>fp16</c> (<c>diffusion_pytorch_model.fp16.safetensors</c>); a component
    /// without that variant falls back to its plain weights. Null (the default) takes the plain weights and skips
    /// every variant file.
    /// </summary>
    public string? Variant { get; init; }

    // The record's generated ToString would print the token; this one says only whether there is one.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("RepoId = ").Append(RepoId)
            .Append(", Revision = ").Append(Revision)
            .Append(", Variant = ").Append(Variant)
            .Append(", Token = ").Append(Token is null ? "(none)" : "(set)");
        return true;
    }
}
