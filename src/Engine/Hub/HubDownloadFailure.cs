namespace Engine.Hub;

/// <summary>What went wrong in a hub download, for a caller that wants to react (or translate) by kind.</summary>
public enum HubDownloadFailure
{
    /// <summary>The repository id, revision, token or target folder is not acceptable; nothing was requested.</summary>
    InvalidRequest,

    /// <summary>401: the repository is private or gated and no token was given, or the token was refused.</summary>
    Unauthorized,

    /// <summary>403: the token is valid but has no access (gated conditions not accepted, or no read permission).</summary>
    Forbidden,

    /// <summary>404: no such repository, revision or file.</summary>
    NotFound,

    /// <summary>The repository is not a diffusers pipeline (no <c>model_index.json</c>, or a component without usable weights).</summary>
    NotADiffusersPipeline,

    /// <summary>The hub's answer cannot be used: a malformed listing, or a file path that would leave the target folder.</summary>
    InvalidListing,

    /// <summary>A downloaded file does not match the size or hash the hub announced; it was deleted.</summary>
    IntegrityMismatch,

    /// <summary>The connection failed or the server kept answering 429/5xx after the bounded retries; partial files are kept.</summary>
    Network,

    /// <summary>The target folder could not be written, or another download into it is running.</summary>
    LocalFiles,
}
