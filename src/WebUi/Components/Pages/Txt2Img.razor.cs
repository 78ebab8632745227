using Engine.Pipelines;
using Microsoft.AspNetCore.Components;
using WebUi.Components.Shared;
using WebUi.Hosting;
using WebUi.Infotext;
using WebUi.Services;
using WebUi.Settings;

namespace WebUi.Components.Pages;

/// <summary>
/// txt2img: A1111's form, queued through <see cref="GenerationQueue"/> and followed live by <see cref="GenerationJobFollower"/>.
/// A reconnecting or second tab of the same browser picks its running job up again.
/// </summary>
public sealed partial class Txt2Img : IDisposable
{
    private readonly GenerationFormModel _form = new();
    private GenerationJobFollower _follower = null!;
    private string? _error;

    [Inject] private GenerationQueue Queue { get; set; } = null!;

    [Inject] private GenerationNotifier Notifier { get; set; } = null!;

    [Inject] private ModelSelectionService Models { get; set; } = null!;

    [Inject] private BrowserIdentity Identity { get; set; } = null!;

    [Inject] private UserSettingsService Settings { get; set; } = null!;

    [Inject] private ParametersTransfer Transfer { get; set; } = null!;

    public void Dispose() => _follower?.Dispose();

    protected override void OnInitialized()
    {
        _follower = new GenerationJobFollower(Queue, Notifier, Identity.Id, InvokeAsync, StateHasChanged);
        _form.UseModelSize(Models.Current?.Descriptor);
        if (Transfer.TryTake(TransferTarget.Txt2Img, out var parameters, out _))
        {
            _form.Apply(parameters);
        }

        _follower.Resume(GenerationMode.TextToImage);
    }

    private void Generate()
    {
        var request = _form.ToRequest(GenerationMode.TextToImage, Settings.Current.PreviewEveryNSteps);
        _follower.TrySubmit(request, Models.Current?.Descriptor, out _error);
    }
}
