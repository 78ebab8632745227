using Engine.Hub;

namespace WebUi.ModelImport;

/// <summary>
/// Fetches a model repository into a local folder. The app uses <see cref="HuggingFaceModelDownloader"/>; tests put a
/// fake behind this interface.
/// </summary>
public interface IModelDownloader
{
    /// <summary>
    /// Downloads <paramref name="request"/> into <paramref name="targetDir"/>, resuming what an earlier call left there,
    /// and returns the folder holding the pipeline (<paramref name="targetDir"/> or a folder inside it).
    /// </summary>
    Task<string> DownloadAsync(
        HubDownloadRequest request, string targetDir, IProgress<HubDownloadProgress>? progress, CancellationToken cancellationToken);
}
