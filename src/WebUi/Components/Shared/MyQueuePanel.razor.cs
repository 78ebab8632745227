using System.Globalization;
using Engine.Pipelines;
using Microsoft.AspNetCore.Components;
using WebUi.Hosting;
using WebUi.Localization;
using WebUi.Services;

namespace WebUi.Components.Shared;

/// <summary>
/// This browser's unfinished jobs, from every page and tab: the running one (with Interrupt) and the queued ones in
/// order, each with its place in the whole queue and a Cancel button. It follows every job's events and re-renders for
/// this browser's.
/// </summary>
public sealed partial class MyQueuePanel : IDisposable
{
    // The list only shows a percentage; a second is often enough for it.
    private static readonly TimeSpan s_progressInterval = TimeSpan.FromSeconds(1);

    private IDisposable? _subscription;

    [Inject] private GenerationQueue Queue { get; set; } = null!;

    [Inject] private GenerationNotifier Notifier { get; set; } = null!;

    [Inject] private BrowserIdentity Identity { get; set; } = null!;

    [Inject] private UiText T { get; set; } = null!;

    /// <summary>The running job first, then the queued ones by position.</summary>
    private IReadOnlyList<GenerationJob> Jobs => [.. Queue.RecentJobs(Identity.Id)
        .Where(j => !j.IsFinished)
        .OrderBy(j => j.State == GenerationJobState.Running ? 0 : 1)
        .ThenBy(j => j.Position)];

    public void Dispose() => _subscription?.Dispose();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            var owner = Identity.Id;
            _subscription = Notifier.Subscribe(
                jobId: null,
                e => string.Equals(e.Job.OwnerId, owner, StringComparison.Ordinal) && e.Kind != GenerationEventKind.Preview
                    ? InvokeAsync(StateHasChanged)
                    : Task.CompletedTask,
                s_progressInterval);

            // A job may have changed between the first render and the subscription.
            StateHasChanged();
        }
    }

    private static string ModeLabel(GenerationJob job) => job.Kind == GenerationMode.ImageToImage ? "img2img" : "txt2img";

    private string StatusText(GenerationJob job) => job.State == GenerationJobState.Running
        ? string.Create(CultureInfo.InvariantCulture, $"{T["Running"]} {job.Progress?.Fraction ?? 0:P0}")
        : string.Create(CultureInfo.InvariantCulture, $"{T["Queue position"]}: {job.Position}");

    private void Cancel(GenerationJob job) => Queue.Cancel(job.Id, Identity.Id);

    private void Interrupt(GenerationJob job) => Queue.Interrupt(job.Id, Identity.Id);
}
