using System.Globalization;
using Engine.Imaging;
using ResizeMode = Engine.Imaging.ResizeMode;
using Engine.Pipelines;
using Engine.Schedulers;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using WebUi.Hosting;
using WebUi.Imaging;
using WebUi.Infotext;
using WebUi.Localization;
using WebUi.Services;
using WebUi.Settings;

namespace WebUi.Components.Pages;

/// <summary>
/// img2img: txt2img's form plus an init image (dropped or chosen, decoded safely by <see cref="UploadedImageDecoder"/>),
/// A1111's resize mode and denoising strength; queued and followed exactly as txt2img is.
/// </summary>
public sealed partial class Img2Img : IDisposable
{
    private RgbImage? _initImage;
    private string? _initPreview;
    private string? _initInfo;
    private string? _uploadError;
    private bool _loading;
    private bool _sizeEdited;
    private ResizeMode _resizeMode = ResizeMode.JustResize;
    private double _denoisingStrength = 0.75;
    private string _prompt = "";
    private string _negativePrompt = "";
    private string _sampler = SamplerRegistry.Default.All[0].Name;
    private ScheduleType _scheduleType = ScheduleType.Automatic;
    private int _steps = 20;
    private double _cfgScale = 7;
    private int _width = 512;
    private int _height = 512;
    private long _seed = -1;
    private long _subseed = -1;
    private double _subseedStrength;
    private int _seedResizeFromWidth;
    private int _seedResizeFromHeight;
    private int _batchCount = 1;
    private int _batchSize = 1;
    private long? _lastSeed;
    private GenerationJob? _job;
    private string? _error;
    private IDisposable? _subscription;

    [Inject] private GenerationQueue Queue { get; set; } = null!;

    [Inject] private GenerationNotifier Notifier { get; set; } = null!;

    [Inject] private ModelSelectionService Models { get; set; } = null!;

    [Inject] private BrowserIdentity Identity { get; set; } = null!;

    [Inject] private UserSettingsService Settings { get; set; } = null!;

    [Inject] private ParametersTransfer Transfer { get; set; } = null!;

    [Inject] private UiText T { get; set; } = null!;

    private static IEnumerable<string> SamplerNames => SamplerRegistry.Default.All.Select(r => r.Name);

    public void Dispose() => _subscription?.Dispose();

    protected override void OnInitialized()
    {
        if (Models.Current?.Descriptor is { } model)
        {
            _width = model.DefaultWidth;
            _height = model.DefaultHeight;
        }

        if (Transfer.TryTake(TransferTarget.Img2Img, out var parameters, out var image))
        {
            Apply(parameters);
            if (image is not null)
            {
                Load(image, "PNG");
            }
        }

        // A reload, a reconnect or a second tab of this browser follows the job it already has running.
        var active = Queue.RecentJobs(Identity.Id).FirstOrDefault(j => j.Kind == GenerationMode.ImageToImage && !j.IsFinished);
        if (active is not null)
        {
            Follow(active);
        }
    }

    private async Task OnPromptKeyDown(KeyboardEventArgs e)
    {
        if (e.CtrlKey && e.Key == "Enter")
        {
            await GenerateAsync();
        }
    }

    private Task GenerateAsync()
    {
        _error = null;
        if (_job is { IsFinished: false })
        {
            return Task.CompletedTask;
        }

        if (_initImage is null)
        {
            _error = T["Choose an image first."];
            return Task.CompletedTask;
        }

        var request = new GenerationRequest
        {
            Mode = GenerationMode.ImageToImage,
            InitImage = _initImage,
            DenoisingStrength = _denoisingStrength,
            ResizeMode = _resizeMode,
            Prompt = _prompt,
            NegativePrompt = _negativePrompt,
            SamplerName = _sampler,
            ScheduleType = _scheduleType,
            Steps = _steps,
            CfgScale = _cfgScale,
            Width = _width,
            Height = _height,
            Seed = _seed,
            Subseed = _subseed,
            SubseedStrength = _subseedStrength,
            SeedResizeFromWidth = _seedResizeFromWidth,
            SeedResizeFromHeight = _seedResizeFromHeight,
            BatchCount = _batchCount,
            BatchSize = _batchSize,
            PreviewInterval = Settings.Current.PreviewEveryNSteps,
        };

        if (Models.Current?.Descriptor is { } model && request.Validate(model) is { Count: > 0 } problems)
        {
            _error = string.Join(" ", problems.Select(p => p.Message));
            return Task.CompletedTask;
        }

        try
        {
            Follow(Queue.Enqueue(Identity.Id, request));
        }
        catch (QueueFullException ex)
        {
            _error = ex.Message;
        }

        return Task.CompletedTask;
    }

    private void Follow(GenerationJob job)
    {
        _subscription?.Dispose();
        _job = job;
        _subscription = Notifier.Subscribe(job.Id, OnJobEventAsync);
    }

    private Task OnJobEventAsync(GenerationEvent e) => InvokeAsync(() =>
    {
        if (e.IsFinal && _job?.SavedImages is { Count: > 0 } saved)
        {
            _lastSeed = saved[0].Seed;
        }

        StateHasChanged();
    });

    private void Interrupt()
    {
        if (_job is not null)
        {
            Queue.Interrupt(_job.Id, Identity.Id);
        }
    }

    private void Skip()
    {
        if (_job is not null)
        {
            Queue.Skip(_job.Id, Identity.Id);
        }
    }

    private void SwapSize()
    {
        (_width, _height) = (_height, _width);
        _sizeEdited = true;
    }

    private void OnSizeEdited() => _sizeEdited = true;

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
            (_width, _height) = InitImageSize.Suggest(decoded.Image.Width, decoded.Image.Height, defaultWidth, defaultHeight);
        }
    }

    private void ClearImage()
    {
        _initImage = null;
        _initPreview = null;
        _initInfo = null;
        _uploadError = null;
    }

    private void ReuseLastSeed()
    {
        if (_lastSeed is { } seed)
        {
            _seed = seed;
        }
    }

    private string ProgressText(GenerationProgress? progress)
    {
        if (progress is null)
        {
            return T["Generating..."];
        }

        var eta = progress.Eta.TotalHours >= 1 ? progress.Eta.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : progress.Eta.ToString(@"m\:ss", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"{T["Step"]} {progress.CompletedSteps}/{progress.TotalSteps} · {progress.IterationsPerSecond:F2} it/s · {T["ETA"]} {eta} · {progress.Fraction:P0}");
    }

    private void Apply(InfotextParameters p)
    {
        _prompt = p.Prompt;
        _negativePrompt = p.NegativePrompt;
        _steps = p.Steps ?? _steps;
        _cfgScale = p.CfgScale ?? _cfgScale;
        _seed = p.Seed ?? _seed;
        _width = p.Width ?? _width;
        _height = p.Height ?? _height;
        _subseed = p.VariationSeed ?? _subseed;
        _subseedStrength = p.VariationStrength ?? _subseedStrength;
        _seedResizeFromWidth = p.SeedResizeFromWidth ?? _seedResizeFromWidth;
        _seedResizeFromHeight = p.SeedResizeFromHeight ?? _seedResizeFromHeight;
        _denoisingStrength = p.DenoisingStrength ?? _denoisingStrength;
        _sizeEdited |= p.Width is not null || p.Height is not null;
        if (p.Sampler is { } sampler)
        {
            var selection = SamplerRegistry.Default.Resolve(sampler, p.ScheduleType);
            _sampler = selection.Sampler.Name;
            _scheduleType = selection.ScheduleType;
        }
    }
}
