using Engine.Hub;
using Engine.Tests.Support;

namespace Engine.Tests.Hub;

/// <summary>Repositories for the fake hub, built at test time from the tiny diffusers fixture, and helpers around a download.</summary>
internal static class HubTestRepos
{
    public const string RepoId = "tiny-org/tiny-sd2";

    public const string UNetWeights = "unet/diffusion_pytorch_model.safetensors";

    /// <summary>Files a hub repository holds besides the pipeline, which the download must skip.</summary>
    public static readonly string[] ExtraFiles =
    [
        "README.md",
        "v2-tiny.ckpt",
        "unet/diffusion_pytorch_model.bin",
        "unet/diffusion_flax_model.msgpack",
        "unet/diffusion_pytorch_model.fp16.safetensors",
        "text_encoder/flax_model.msgpack",
        "text_encoder/model.fp16.safetensors",
        "onnx/unet/model.onnx",
        "safety_checker/config.json",
        "safety_checker/model.safetensors",
    ];

    /// <summary>The fixture's files by repository path.</summary>
    public static Dictionary<string, byte[]> PipelineFiles()
    {
        var root = Fixtures.Path_("tiny-sd2-diffusers");
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
            path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'),
            File.ReadAllBytes,
            StringComparer.Ordinal);
    }

    /// <summary>The fixture pipeline plus <see cref="ExtraFiles"/> (random bytes) as a hub repository.</summary>
    public static FakeHubRepo TinyPipeline()
    {
        var files = PipelineFiles();
        var random = new Random(6);
        foreach (var extra in ExtraFiles)
        {
            var content = new byte[extra.EndsWith(".json", StringComparison.Ordinal) ? 40 : 5_000];
            random.NextBytes(content);
            files[extra] = content;
        }

        return new FakeHubRepo(RepoId, files);
    }

    public static string NewScratch()
    {
        var folder = Path.Combine(Path.GetTempPath(), "engine-hub-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void DeleteScratch(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A downloader with a client that leaves redirects to it, no waits between retries, and a report per read.</summary>
    public static (HuggingFaceDownloader Downloader, HttpClient Client) Downloader(FakeHub hub, int maxAttempts = 3)
    {
        var client = new HttpClient(HuggingFaceDownloader.CreateHttpHandler());
        var options = new HubDownloadOptions
        {
            Endpoint = hub.Endpoint,
            MaxAttempts = maxAttempts,
            RetryDelay = TimeSpan.Zero,
            MaxRetryDelay = TimeSpan.Zero,
            ProgressInterval = 1,
        };
        return (new HuggingFaceDownloader(client, options), client);
    }

    /// <summary>Every file under <paramref name="folder"/> by '/'-separated relative path.</summary>
    public static SortedDictionary<string, byte[]> FilesUnder(string folder) =>
        new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
            path => Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/'),
            File.ReadAllBytes), StringComparer.Ordinal);

    /// <summary>Reports synchronously on the downloading thread (unlike <see cref="Progress{T}"/>), so a test can act at an exact point.</summary>
    public sealed class SyncProgress(Action<HubDownloadProgress>? onReport = null) : IProgress<HubDownloadProgress>
    {
        public List<HubDownloadProgress> Reports { get; } = [];

        public void Report(HubDownloadProgress value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }
}
