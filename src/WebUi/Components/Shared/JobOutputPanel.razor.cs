using System.Globalization;
using Engine.Pipelines;
using Microsoft.AspNetCore.Components;
using WebUi.Data;
using WebUi.Hosting;
using WebUi.Infotext;
using WebUi.Localization;
using WebUi.Services;

namespace WebUi.Components.Shared;

/// <summary>
/// What a generation page shows of its job: why it could not be queued, its place in the queue, its progress bar
/// (A1111's "Step x/N · it/s · ETA · %") and live preview, how it ended, and each saved image with its seed and infotext
/// and A1111's buttons: reuse the seed, reuse all parameters, send to img2img, open in the gallery, download.
/// </summary>
public sealed partial class JobOutputPanel
{
    /// <summary>Why an image's button could not do its work, by gallery id.</summary>
    private readonly Dictionary<int, string> _imageErrors = [];

    /// <summary>The job shown, or null before the first.</summary>
    [Parameter] public GenerationJob? Job { get; set; }

    /// <summary>Why the last Generate did not queue a job.</summary>
    [Parameter] public string? Error { get; set; }

    /// <summary>The ♻️ of an image: its seed goes into the form.</summary>
    [Parameter] public EventCallback<long> OnReuseSeed { get; set; }

    /// <summary>"Reuse all parameters" (A1111's ↙️): the image's infotext, seed included, goes into this page's form.</summary>
    [Parameter] public EventCallback<InfotextParameters> OnReuseParameters { get; set; }

    [Inject] private UiText T { get; set; } = null!;

    [Inject] private IGalleryStore Store { get; set; } = null!;

    [Inject] private ParametersTransfer Transfer { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    /// <summary>The gallery page with this image's detail open.</summary>
    internal static string GalleryLink(SavedImage image) =>
        string.Create(CultureInfo.InvariantCulture, $"gallery?id={image.GalleryId}");

    internal string ProgressText(GenerationProgress? progress)
    {
        if (progress is null)
        {
            return T["Generating..."];
        }

        var eta = DurationText.Format(progress.Eta);
        return string.Create(CultureInfo.InvariantCulture,
            $"{T["Step"]} {progress.CompletedSteps}/{progress.TotalSteps} · {progress.IterationsPerSecond:F2} it/s · {T["ETA"]} {eta} · {progress.Fraction:P0}");
    }

    private Task ReuseParametersAsync(SavedImage image)
    {
        _imageErrors.Remove(image.GalleryId);
        return OnReuseParameters.InvokeAsync(InfotextParser.Parse(image.Infotext));
    }

    /// <summary>The saved PNG and its parameters go to img2img, as the gallery's and PNG Info's "Send to img2img" do.</summary>
    private async Task SendToImg2ImgAsync(SavedImage image)
    {
        _imageErrors.Remove(image.GalleryId);
        byte[]? png;
        try
        {
            // The guard the gallery's file endpoint uses: only a PNG of the output folder leaves the store.
            png = await GalleryFileGuard.ReadPngAsync(Store, Store.Find(image.GalleryId));
        }
        catch (IOException ex)
        {
            _imageErrors[image.GalleryId] = T.Format("The file could not be read: {0}", ex.Message);
            return;
        }

        if (png is null)
        {
            _imageErrors[image.GalleryId] = T["The image is no longer in the gallery."];
            return;
        }

        Transfer.Send(TransferTarget.Img2Img, InfotextParser.Parse(image.Infotext), png);
        Navigation.NavigateTo("img2img");
    }
}
