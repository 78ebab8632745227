using System.Collections.Concurrent;
using Engine;
using Engine.Conversion;
using Engine.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WebUi.ModelImport;

namespace WebUi.Tests.ModelImport;

/// <summary>The import service over the real <see cref="ModelImporter"/> and catalog, on a copy of the tiny diffusers fixture.</summary>
public sealed class ModelImportServiceTests : IDisposable
{
    private readonly ImportTestFolder _folder = new();
    private readonly ModelCatalog _catalog;
    private readonly HubTokenStore _tokens;
    private readonly ConcurrentQueue<ModelImportStatus> _seen = new();

    public ModelImportServiceTests()
    {
        _catalog = new ModelCatalog(Options.Create(new EngineOptions { ModelsPath = _folder.ModelsPath }), NullLogger<ModelCatalog>.Instance);
        _tokens = new HubTokenStore(Options.Create(new WebUiOptions { DataPath = _folder.DataPath }), Options.Create(new HubOptions()));
    }

    [SkippableFact]
    public async Task Import_TinyPipeline_ReachesOneHundredPercent_AndTheCatalogListsTheReadyModel()
    {
        _folder.CopyTinyPipeline("tiny-diffusers");
        Assert.Empty(_catalog.Models);
        using var service = Service();
        using var subscription = service.Subscribe(_seen.Enqueue);

        Assert.True(service.TryStart(LocalRequest("tiny-diffusers", "tiny"), "tester", out var problems), string.Join(" ", problems.Values));
        await service.Completion;

        var last = service.Current!;
        Assert.Equal(ModelImportState.Succeeded, last.State);
        Assert.Equal(1, last.Fraction);
        Assert.Equal(TimeSpan.Zero, last.Eta);
        Assert.NotNull(last.FinishedAt);
        Assert.Equal(last, _seen.Last());
        Assert.Equal(ModelImportState.Importing, _seen.First().State);
        var fractions = _seen.Select(s => s.Fraction).ToList();
        Assert.Equal(fractions.Order(), fractions);
        var model = Assert.Single(_catalog.Models);
        Assert.Equal("tiny", model.Id);
        Assert.True(model.IsReady, string.Join(" ", model.Problems));
        Assert.Equal(["tiny", "tiny-diffusers"], _folder.ModelsEntries());
    }

    [SkippableFact]
    public async Task Cancel_DuringConversion_LeavesNothingOfTheNewModel()
    {
        _folder.CopyTinyPipeline("tiny-diffusers");
        using var service = Service();
        // Cancelled from the first progress report of a component: the importer is then mid-way through its staging folder.
        using var subscription = service.Subscribe(status =>
        {
            _seen.Enqueue(status);
            if (status is { State: ModelImportState.Importing, Component: not null })
            {
                service.Cancel();
            }
        });

        Assert.True(service.TryStart(LocalRequest("tiny-diffusers", "tiny"), "tester", out _));
        await service.Completion;

        Assert.Equal(ModelImportState.Cancelled, service.Current!.State);
        Assert.Equal(["tiny-diffusers"], _folder.ModelsEntries());
        Assert.Empty(_catalog.Refresh());
        Assert.False(service.IsRunning);
    }

    [SkippableFact]
    public async Task Failure_MidConversion_ShowsTheMessage_AndLeavesNothing()
    {
        var copy = _folder.CopyTinyPipeline("tiny-diffusers");
        // The text encoder converts first; the U-Net's weights are damaged, so the failure comes with output already staged.
        File.WriteAllBytes(Path.Combine(copy, "unet", "diffusion_pytorch_model.safetensors"), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        using var service = Service();
        using var subscription = service.Subscribe(_seen.Enqueue);

        Assert.True(service.TryStart(LocalRequest("tiny-diffusers", "tiny"), "tester", out _));
        await service.Completion;

        var last = service.Current!;
        Assert.Equal(ModelImportState.Failed, last.State);
        Assert.Contains("diffusion_pytorch_model.safetensors", last.Error, StringComparison.Ordinal);
        Assert.Contains(_seen, s => s.Component == "text_encoder");
        Assert.Equal(["tiny-diffusers"], _folder.ModelsEntries());
    }

    [Fact]
    public async Task TryStart_WhileAnImportRuns_IsRefused_ThenAcceptedAfterIt()
    {
        var downloader = new FakeModelDownloader { Hold = true, Failure = new InvalidOperationException("offline") };
        using var service = Service(downloader);

        Assert.True(service.TryStart(DownloadRequest("first"), "tester", out _));
        await downloader.Started;
        Assert.True(service.IsRunning);
        Assert.False(service.TryStart(DownloadRequest("second"), "tester", out var problems));
        Assert.Contains("first", problems["Busy"].ToString(), StringComparison.Ordinal);

        downloader.Release();
        await service.Completion;
        Assert.Equal(ModelImportState.Failed, service.Current!.State);
        Assert.Equal("offline", service.Current.Error);
        Assert.True(service.TryStart(DownloadRequest("second"), "tester", out _));
        await service.Completion;
    }

    [SkippableFact]
    public async Task Download_ThenImport_WithTheSavedToken_RemovesTheCacheAfterSuccess()
    {
        var downloader = new FakeModelDownloader(ImportTestFolder.TinyPipelineFixture);
        _tokens.Save("hf_savedtokensavedtoken");
        using var service = Service(downloader);
        using var subscription = service.Subscribe(_seen.Enqueue);

        Assert.True(service.TryStart(DownloadRequest("tiny"), "tester", out var problems), string.Join(" ", problems.Values));
        await service.Completion;

        Assert.Equal(ModelImportState.Succeeded, service.Current!.State);
        Assert.Equal(new Engine.Hub.HubDownloadRequest("owner/tiny-repo", "main", "hf_savedtokensavedtoken"), downloader.LastRequest);
        Assert.Equal(Path.Combine(_folder.ModelsPath, ".downloads", "owner--tiny-repo"), downloader.LastTarget);
        Assert.Contains(_seen, s => s is { State: ModelImportState.Downloading, BytesTotal: > 0 });
        Assert.Contains(_seen, s => s.State == ModelImportState.Importing);
        Assert.DoesNotContain(_seen, s => s.ToString().Contains("hf_saved", StringComparison.Ordinal));
        Assert.Equal("owner/tiny-repo@main", service.Current.Source);
        Assert.True(_catalog.TryGet("tiny", out var model) && model.IsReady);
        Assert.False(Directory.Exists(Path.Combine(_folder.ModelsPath, ".downloads", "owner--tiny-repo")));
    }

    [Fact]
    public async Task Download_Cancelled_KeepsWhatWasDownloadedForARetry()
    {
        var downloader = new FakeModelDownloader { Hold = true };
        using var service = Service(downloader);
        Assert.True(service.TryStart(DownloadRequest("tiny"), "tester", out _));
        await downloader.Started;
        File.WriteAllText(Path.Combine(downloader.LastTarget!, "partial.bin"), "x");

        Assert.True(service.Cancel());
        await service.Completion;

        Assert.Equal(ModelImportState.Cancelled, service.Current!.State);
        Assert.True(File.Exists(Path.Combine(downloader.LastTarget!, "partial.bin")));
        Assert.False(service.Cancel());
    }

    [Fact]
    public void TryStart_InvalidRequest_NamesEveryBadField()
    {
        Directory.CreateDirectory(Path.Combine(_folder.ModelsPath, "taken"));
        using var service = Service();
        var request = new ModelImportRequest
        {
            Name = "taken",
            RepoId = "not a repo",
            Revision = "../x",
            Variant = "fp16/../x",
            Options = new ModelImportOptions { ImageSize = 640 },
        };

        Assert.False(service.TryStart(request, "tester", out var problems));

        Assert.Equal(["ImageSize", "Name", "RepoId", "Revision", "Variant"], problems.Keys.Order(StringComparer.Ordinal));
        Assert.Null(service.Current);
        Assert.False(service.TryStart(new ModelImportRequest { Name = "ok" }, "tester", out problems));
        Assert.Equal("Choose what to import.", problems["Source"].ToString());
    }

    [Theory]
    [InlineData(0, 0.5, null)]
    [InlineData(10, 0.005, null)]
    [InlineData(10, 0.25, 30)]
    [InlineData(10, 0.5, 10)]
    [InlineData(10, 1.0, 0)]
    public void EstimateRemaining_FromThePaceSoFar(int elapsedSeconds, double fraction, int? expectedSeconds) =>
        Assert.Equal(
            expectedSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
            ModelImportService.EstimateRemaining(TimeSpan.FromSeconds(elapsedSeconds), fraction));

    private ModelImportService Service(IModelDownloader? downloader = null) =>
        new(_catalog, downloader ?? new FakeModelDownloader(), _tokens, TimeProvider.System, NullLogger<ModelImportService>.Instance);

    private ModelImportRequest LocalRequest(string source, string name) => new()
    {
        Name = name,
        Source = ModelImportSources.Find(_folder.ModelsPath, source) ?? throw new InvalidOperationException($"{source} is not listed."),
    };

    private static ModelImportRequest DownloadRequest(string name) => new() { Name = name, RepoId = "owner/tiny-repo" };

    public void Dispose() => _folder.Dispose();
}
