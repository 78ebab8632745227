namespace Engine.Hub;

/// <summary>
/// Downloads the files of a diffusers pipeline repository from the Hugging Face hub (or a server that answers the
/// same way), resumable, with sizes and hashes verified where the hub gives them.
/// </summary>
public sealed class HuggingFaceDownloader
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;

    /// <summary>Creates a downloader using <paramref name="http"/> against <paramref name="endpoint"/> (https://huggingface.co).</summary>
    public HuggingFaceDownloader(HttpClient http, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        _http = http;
        _endpoint = endpoint;
    }

    /// <summary>
    /// Downloads the repository into <paramref name="targetDir"/> (resuming what an earlier call left there) and
    /// returns the local folder holding the pipeline.
    /// </summary>
    public Task<string> DownloadAsync(
        HubDownloadRequest request, string targetDir, IProgress<HubDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        _ = _http;
        _ = _endpoint;
        throw new NotImplementedException();
    }
}
