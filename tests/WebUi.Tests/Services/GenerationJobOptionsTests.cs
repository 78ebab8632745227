using Engine.Pipelines;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WebUi.Services;

namespace WebUi.Tests.Services;

/// <summary>The per-job options travel with the job to the runner, and the UI's jobs keep the defaults.</summary>
public sealed class GenerationJobOptionsTests
{
    [Fact]
    public async Task Enqueue_WithOptions_ReachesTheRunnerAndTheJob()
    {
        var runner = new OptionsRecordingRunner();
        var sink = new RecordingSink();
        var options = Options.Create(new GenerationOptions());
        var notifier = new GenerationNotifier(options, TimeProvider.System, NullLogger<GenerationNotifier>.Instance);
        using var queue = new GenerationQueue(runner, sink, notifier, options, TimeProvider.System, NullLogger<GenerationQueue>.Instance);
        await queue.StartAsync(CancellationToken.None);
        try
        {
            var api = new GenerationJobOptions { SaveToGallery = false, ModelId = "demo-b", RestoreModelAfterwards = false };

            var ui = queue.Enqueue("browser", new GenerationRequest { Prompt = "a" });
            var apiJob = queue.Enqueue("api", new GenerationRequest { Prompt = "b" }, api);

            Assert.Same(GenerationJobOptions.Default, await runner.Seen.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1)));
            Assert.Same(api, await runner.Seen.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1)));
            Assert.True(ui.Options.SaveToGallery);
            Assert.Same(api, apiJob.Options);
        }
        finally
        {
            await queue.StopAsync(CancellationToken.None);
        }
    }

    private sealed class OptionsRecordingRunner : IGenerationRunner
    {
        public System.Threading.Channels.Channel<GenerationJobOptions> Seen { get; } = System.Threading.Channels.Channel.CreateUnbounded<GenerationJobOptions>();

        public async Task<GenerationRun> RunAsync(
            GenerationRequest request, GenerationJobOptions options, GenerationControl control, IProgress<GenerationProgress> progress,
            CancellationToken cancellationToken)
        {
            await Seen.Writer.WriteAsync(options, cancellationToken);
            return new GenerationRun("fake", new GenerationResult([], false, [], new GenerationTimings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0)));
        }
    }
}
