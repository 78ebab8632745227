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

        // The downloader follows redirects itself, so the token goes to the hub only and never to its CDN; multi-gigabyte
        // files: no overall timeout (the downloader has a read timeout), cancellation ends a download.
        _http = new HttpClient(HuggingFaceDownloader.CreateHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        _downloader = new HuggingFaceDownloader(_http, new HubDownloadOptions { Endpoint = HubDownloadOptions.ParseEndpoint(options.Value.Endpoint) });
    }

    /// <inheritdoc />
    public Task<string> DownloadAsync(
        HubDownloadRequest request, string targetDir, IProgress<HubDownloadProgress>? progress, CancellationToken cancellationToken) =>
        _downloader.DownloadAsync(request, targetDir, progress, cancellationToken);

    public void Dispose() => _http.Dispose();
}
