using System.Globalization;
using Engine.Pipelines;
using Microsoft.AspNetCore.Components;
using WebUi.Localization;
using WebUi.Services;

namespace WebUi.Components.Shared;

/// <summary>
/// What a generation page shows of its job: why it could not be queued, its place in the queue, its progress bar
/// (A1111's "Step x/N · it/s · ETA · %") and live preview, how it ended, and each saved image with its seed and infotext.
/// </summary>
public sealed partial class JobOutputPanel
{
    /// <summary>The job shown, or null before the first.</summary>
    [Parameter] public GenerationJob? Job { get; set; }

    /// <summary>Why the last Generate did not queue a job.</summary>
    [Parameter] public string? Error { get; set; }

    /// <summary>The ♻️ of an image: its seed goes into the form.</summary>
    [Parameter] public EventCallback<long> OnReuseSeed { get; set; }

    [Inject] private UiText T { get; set; } = null!;

    internal string ProgressText(GenerationProgress? progress)
    {
        if (progress is null)
        {
            return T["Generating..."];
        }

        var eta = progress.Eta.TotalHours >= 1 ? progress.Eta.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : progress.Eta.ToString(@"m\:ss", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"{T["Step"]} {progress.CompletedSteps}/{progress.TotalSteps} · {progress.IterationsPerSecond:F2} it/s · {T["ETA"]} {eta} · {progress.Fraction:P0}");
    }
}
