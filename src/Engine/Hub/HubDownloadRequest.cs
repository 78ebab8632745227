namespace Engine.Hub;

/// <summary>A Hugging Face model repository to download.</summary>
/// <param name="RepoId"><c>owner/name</c>.</param>
/// <param name="Revision">Branch, tag or commit.</param>
/// <param name="Token">Access token for gated or private repositories; never logged.</param>
public sealed record HubDownloadRequest(string RepoId, string Revision = "main", string? Token = null);
