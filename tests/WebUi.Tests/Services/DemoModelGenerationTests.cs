using System.Text.RegularExpressions;
using Engine;
using Engine.Imaging;
using Engine.Pipelines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using WebUi.Data;
using WebUi.Services;

namespace WebUi.Tests.Services;

/// <summary>Real jobs on the demo model through the app's own registrations: queue, pipeline, files, LiteDB, rebuild.</summary>
public sealed class DemoModelGenerationTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "webui-e2e-" + Guid.NewGuid().ToString("N"));

    private string Data => Path.Combine(_root, "data");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private ServiceProvider BuildServices(Func<IServiceProvider, IGenerationRunner>? runner = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Engine:ModelsPath"] = Path.Combine(_root, "models"),
            ["Engine:ExecutionProvider"] = "Cpu",
            ["WebUi:DataPath"] = Data,
            ["WebUi:FilenamePattern"] = "[seed]-[steps]",
            ["WebUi:ProgressIntervalMs"] = "0",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEngine(config);
        services.AddOptions<WebUiOptions>().Bind(config.GetSection(WebUiOptions.SectionName));
        services.AddSingleton<ModelSelectionService>();
        services.AddGenerationServices(config);
        if (runner is not null)
        {
            services.AddSingleton(runner);
        }

        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<ModelSelectionService>().Initialize();
        return provider;
    }

    private static async Task<GenerationJob> RunAsync(GenerationQueue queue, GenerationNotifier notifier, GenerationRequest request)
    {
        var recorder = new EventRecorder();
        var job = queue.Enqueue("alice", request);
        using var subscription = notifier.Subscribe(job.Id, recorder.OnEventAsync);
        if (!job.IsFinished)
        {
            await recorder.WaitFinalAsync();
        }

        return job;
    }

    [Fact]
    public async Task Generate_DemoModel_SavesPngAndRecordThatSurviveReopenDeleteAndRebuild()
    {
        SavedImage saved;
        var request = new GenerationRequest { Prompt = "red circle, blue background", NegativePrompt = "ぼやけ", Steps = 4, Width = 256, Height = 256, Seed = 42 };
        await using (var services = BuildServices())
        {
            var queue = services.GetRequiredService<GenerationQueue>();
            await queue.StartAsync(CancellationToken.None);
            var job = await RunAsync(queue, services.GetRequiredService<GenerationNotifier>(), request);

            Assert.True(job.State == GenerationJobState.Completed, job.ErrorMessage);
            saved = Assert.Single(job.SavedImages);
            Assert.Matches(new Regex(@"^outputs/txt2img-images/\d{4}-\d{2}-\d{2}/00000-42-4\.png$"), saved.RelativePath);
            var png = await File.ReadAllBytesAsync(Path.Combine(Data, saved.RelativePath));
            var infotext = PngTextReader.ReadParameters(png);
            Assert.Equal(saved.Infotext, infotext);
            Assert.Contains("Negative prompt: ぼやけ", infotext, StringComparison.Ordinal);
            Assert.Contains("Steps: 4", infotext, StringComparison.Ordinal);

            var store = services.GetRequiredService<IGalleryStore>();
            var item = store.Find(saved.GalleryId)!;
            Assert.Equal((request.Prompt, "ぼやけ", 4, 42L, "demo", 256), (item.Prompt, item.NegativePrompt, item.Steps, item.Seed, item.ModelId, item.Width));
            Assert.True(item.HasThumbnail);
            Assert.Equal(saved.Infotext, item.Infotext);
            Assert.Equal(request.Prompt, store.RecentPrompts(5).Single().Prompt);
            await queue.StopAsync(CancellationToken.None);
        }

        // A new store on the same file finds the image and the prompt.
        using (var reopened = new LiteDbGalleryStore(Data))
        {
            Assert.Equal(saved.RelativePath, reopened.Query(new GalleryQuery { Text = "circle" }).Items.Single().RelativePath);
            Assert.Equal(1, reopened.MostUsedPrompts(5).Single().UseCount);
        }

        // gallery.db lost: the records come back from the PNGs' infotext.
        foreach (var file in Directory.EnumerateFiles(Data, "gallery*.db"))
        {
            File.Delete(file);
        }

        using (var rebuilt = new LiteDbGalleryStore(Data))
        {
            var report = new GalleryRebuilder(rebuilt, NullLogger<GalleryRebuilder>.Instance).Rebuild();
            Assert.Equal(new GalleryRebuildReport(1, 1, 0, 0), report);
            var item = rebuilt.Query(new GalleryQuery()).Items.Single();
            Assert.Equal((saved.RelativePath, request.Prompt, "ぼやけ", 42L, 4, "demo", 256, 256), (item.RelativePath, item.Prompt, item.NegativePrompt, item.Seed, item.Steps, item.ModelId, item.Width, item.Height));
            Assert.Equal(request.Prompt, rebuilt.RecentPrompts(5).Single().Prompt);
            Assert.Equal(new GalleryRebuildReport(1, 0, 1, 0), new GalleryRebuilder(rebuilt, NullLogger<GalleryRebuilder>.Instance).Rebuild());

            Assert.True(rebuilt.Delete(item.Id));
            Assert.False(File.Exists(Path.Combine(Data, saved.RelativePath)));
            Assert.Equal(0, rebuilt.Count());
        }
    }

    [Fact]
    public async Task SkipAndInterrupt_DuringARealJob_ReachThePipeline()
    {
        GenerationQueue? queue = null;
        Action<GenerationJob>? onFirstStep = null;
        await using var services = BuildServices(sp => new HookedRunner(
            new PipelineGenerationRunner(sp.GetRequiredService<ModelSelectionService>(), NullLogger<GenerationPipeline>.Instance),
            () => onFirstStep?.Invoke(queue!.Running!)));
        queue = services.GetRequiredService<GenerationQueue>();
        var notifier = services.GetRequiredService<GenerationNotifier>();
        await queue.StartAsync(CancellationToken.None);
        var request = new GenerationRequest { Prompt = "red circle", Steps = 4, Width = 128, Height = 128, Seed = 7, BatchCount = 2 };

        onFirstStep = job => Assert.Equal(JobCommandResult.Accepted, queue.Skip(job.Id, job.OwnerId));
        var skipped = await RunAsync(queue, notifier, request);
        Assert.True(skipped.State == GenerationJobState.Completed, skipped.ErrorMessage);
        Assert.Equal([0], skipped.Result!.SkippedBatches);
        Assert.Equal(8L, Assert.Single(skipped.SavedImages).Seed);

        onFirstStep = job => Assert.Equal(JobCommandResult.Accepted, queue.Interrupt(job.Id, job.OwnerId));
        var interrupted = await RunAsync(queue, notifier, request);
        Assert.Equal(GenerationJobState.Interrupted, interrupted.State);
        Assert.True(interrupted.Result!.Interrupted);
        await queue.StopAsync(CancellationToken.None);
    }

    // Calls a hook on the pipeline's thread at the job's first step, so a command lands mid-job without timing.
    private sealed class HookedRunner(IGenerationRunner inner, Action onFirstStep) : IGenerationRunner
    {
        public Task<GenerationRun> RunAsync(
            GenerationRequest request, GenerationJobOptions options, GenerationControl control, IProgress<GenerationProgress> progress,
            CancellationToken cancellationToken)
        {
            var fired = false;
            var hooked = new SyncProgress(p =>
            {
                if (!fired)
                {
                    fired = true;
                    onFirstStep();
                }

                progress.Report(p);
            });
            return inner.RunAsync(request, options, control, hooked, cancellationToken);
        }
    }

    private sealed class SyncProgress(Action<GenerationProgress> report) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => report(value);
    }
}
