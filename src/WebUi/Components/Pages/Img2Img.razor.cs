using System.Globalization;
using Engine.Imaging;
using ResizeMode = Engine.Imaging.ResizeMode;
using Engine.Pipelines;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using WebUi.Components.Shared;
using WebUi.Hosting;
using WebUi.Imaging;
using WebUi.Infotext;
using WebUi.Localization;
using WebUi.Services;
using WebUi.Settings;

namespace WebUi.Components.Pages;

/// <summary>
/// img2img: txt2img's form plus an init image (dropped, pasted or chosen, decoded safely by <see cref="UploadedImageDecoder"/>),
/// A1111's resize mode and denoising strength; the shared form, queueing and output are txt2img's.
/// </summary>
public sealed partial class Img2Img : IAsyncDisposable
{
    /// <summary>The upload's file input, where a pasted image is handed in.</summary>
    internal const string PasteInputSelector = "#init-image-upload input[type=file]";

    private readonly GenerationFormModel _form = new();
    private RgbImage? _initImage;
    private string? _initPreview;
    private string? _initInfo;
    private string? _uploadError;
    private bool _loading;
    private bool _sizeEdited;
    private GenerationJobFollower _follower = null!;
    private string? _error;
    private ResizeMode _resizeMode = ResizeMode.JustResize;
    private double _denoisingStrength = 0.75;
    private IJSObjectReference? _pasteListener;

    [Inject] private GenerationQueue Queue { get; set; } = null!;

    [Inject] private GenerationNotifier Notifier { get; set; } = null!;

    [Inject] private ModelSelectionService Models { get; set; } = null!;

    [Inject] private BrowserIdentity Identity { get; set; } = null!;

    [Inject] private UserSettingsService Settings { get; set; } = null!;

    [Inject] private ParametersTransfer Transfer { get; set; } = null!;

    [Inject] private UiText T { get; set; } = null!;

    [Inject] private IJSRuntime JS { get; set; } = null!;

    [Inject] private ILogger<Img2Img> Logger { get; set; } = null!;

    public async ValueTask DisposeAsync()
    {
        _follower?.Dispose();
        if (_pasteListener is not null)
        {
            try
            {
                await _pasteListener.InvokeVoidAsync("dispose");
                await _pasteListener.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone, and the page's listener with it.
            }
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        try
        {
            // "./": import() takes a URL relative to the page, never a bare name.
            var module = await JS.InvokeAsync<IJSObjectReference>("import", "./" + Assets["Components/Pages/Img2Img.razor.js"]);
            if (module is not null)
            {
                _pasteListener = await module.InvokeAsync<IJSObjectReference>("listenForPastedImages", PasteInputSelector);
                await module.DisposeAsync();
            }
        }
        catch (JSException ex)
        {
            // Without the script the page still takes dropped and chosen files; only pasting is lost.
            Logger.LogWarning("img2img's paste support did not load: {Error}", ex.Message);
        }
    }

    protected override void OnInitialized()
    {
        _follower = new GenerationJobFollower(Queue, Notifier, Identity.Id, InvokeAsync, StateHasChanged);
        _form.UseModelSize(Models.Current?.Descriptor);
        if (Transfer.TryTake(TransferTarget.Img2Img, out var parameters, out var image))
        {
            ReuseParameters(parameters);
            if (image is not null)
            {
                Load(image, "PNG");
            }
        }

        _follower.Resume(GenerationMode.ImageToImage);
    }

    private void Generate()
    {
        _error = null;
        if (_follower.IsBusy)
        {
            return;
        }

        if (_initImage is null)
        {
            _error = T["Choose an image first."];
            return;
        }

        var request = _form.ToRequest(GenerationMode.ImageToImage, Settings.Current.PreviewEveryNSteps) with
        {
            InitImage = _initImage,
            DenoisingStrength = _denoisingStrength,
            ResizeMode = _resizeMode,
        };
        _follower.TrySubmit(request, Models.Current?.Descriptor, out _error);
    }

    private void OnSizeEdited() => _sizeEdited = true;

    /// <summary>The form's fields and the denoising strength from an infotext; a size it names is kept when an image is loaded.</summary>
    private void ReuseParameters(InfotextParameters parameters)
    {
        _form.Apply(parameters);
        _denoisingStrength = parameters.DenoisingStrength ?? _denoisingStrength;
        _sizeEdited |= parameters.Width is not null || parameters.Height is not null;
    }

    private async Task OnFileChosenAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        _uploadError = null;
        if (file.Size > UploadedImageDecoder.MaxBytes)
        {
            _uploadError = T.Format("The file is larger than the limit of {0} MB.", UploadedImageDecoder.MaxBytes / (1024 * 1024));
            return;
        }

        _loading = true;
        try
        {
            byte[] bytes;
            await using (var stream = file.OpenReadStream(UploadedImageDecoder.MaxBytes))
            {
                using var buffer = new MemoryStream((int)file.Size);
                await stream.CopyToAsync(buffer);
                bytes = buffer.ToArray();
            }

            // Decoding a large JPEG takes a while; keep it off the circuit's thread.
            var decoded = await Task.Run(() => TryDecode(bytes));
            if (decoded is not null)
            {
                Show(decoded, file.Name);
            }
        }
        catch (IOException ex)
        {
            _uploadError = T.Format("The file could not be read: {0}", ex.Message);
        }
        finally
        {
            _loading = false;
        }
    }

    /// <summary>Decodes <paramref name="bytes"/> and shows it, or shows why not; internal for tests.</summary>
    internal void Load(byte[] bytes, string name)
    {
        _uploadError = null;
        if (TryDecode(bytes) is { } decoded)
        {
            Show(decoded, name);
        }
    }

    private UploadedImage? TryDecode(byte[] bytes)
    {
        try
        {
            return UploadedImageDecoder.Decode(bytes);
        }
        catch (UploadedImageException ex)
        {
            var limits = GenerationLimits.Default;
            _uploadError = ex.Reason switch
            {
                UploadRefusal.TooLarge => T.Format("The file is larger than the limit of {0} MB.", UploadedImageDecoder.MaxBytes / (1024 * 1024)),
                UploadRefusal.NotAnImage => T["Only PNG, JPEG and WebP images can be used."],
                UploadRefusal.TooManyPixels => T.Format(
                    "The image is {0}×{1}; at most {2} pixels per side and {3} megapixels are allowed.",
                    ex.ClaimedSize?.Width ?? 0,
                    ex.ClaimedSize?.Height ?? 0,
                    limits.MaxInitImageSide,
                    Math.Round(limits.MaxInitImagePixels / 1_000_000.0, 1)),
                _ => T["The image is damaged or incomplete."],
            };
            return null;
        }
    }

    private void Show(UploadedImage decoded, string name)
    {
        _initImage = decoded.Image;
        _initPreview = "data:image/png;base64," + Convert.ToBase64String(decoded.PreviewPng);
        _initInfo = string.Create(CultureInfo.InvariantCulture, $"{name} · {decoded.Image.Width}×{decoded.Image.Height}");
        if (!_sizeEdited)
        {
            var (defaultWidth, defaultHeight) = Models.Current?.Descriptor is { } model ? (model.DefaultWidth, model.DefaultHeight) : (512, 512);
            (_form.Width, _form.Height) = InitImageSize.Suggest(decoded.Image.Width, decoded.Image.Height, defaultWidth, defaultHeight);
        }
    }

    private void ClearImage()
    {
        _initImage = null;
        _initPreview = null;
        _initInfo = null;
        _uploadError = null;
    }
}
