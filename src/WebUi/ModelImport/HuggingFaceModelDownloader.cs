using Engine.Hub;
using Microsoft.Extensions.Options;

namespace WebUi.ModelImport;

/// <summary>The engine's <see cref="HuggingFaceDownloader"/> against the configured <see cref="HubOptions.Endpoint"/>.</summary>
public sealed class HuggingFaceModelDownloader : IModelDownloader, IDisposable
{
    private readonly HttpClient _http;
    private readonly HuggingFaceDownloader _downloader;

    public HuggingFaceModelDownloader(IOptions<HubOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Multi-gigabyte files: no overall timeout; cancellation ends a download.
        _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _downloader = new HuggingFaceDownloader(_http, new Uri(options.Value.Endpoint, UriKind.Absolute));
    }

    /// <inheritdoc />
    public async Task<string> DownloadAsync(
        HubDownloadRequest request, string targetDir, IProgress<HubDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return await _downloader.DownloadAsync(request, targetDir, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (NotImplementedException)
        {
            // Until the engine's downloader lands on this branch.
            throw new InvalidOperationException("Downloading from the Hugging Face hub is not available in this build yet.");
        }
    }

    public void Dispose() => _http.Dispose();
}
