using System.Globalization;
using Engine.Pipelines;
using Engine.Schedulers;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using WebUi.Hosting;
using WebUi.Infotext;
using WebUi.Localization;
using WebUi.Services;
using WebUi.Settings;

namespace WebUi.Components.Pages;

/// <summary>
/// txt2img: A1111's form, queued through <see cref="GenerationQueue"/>, with live progress pushed by
/// <see cref="GenerationNotifier"/>. A reconnecting or second tab of the same browser picks its running job up again.
/// </summary>
public sealed partial class Txt2Img : IDisposable
{
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

        if (Transfer.TryTake(TransferTarget.Txt2Img, out var parameters, out _))
        {
            Apply(parameters);
        }

        // A reload, a reconnect or a second tab of this browser follows the job it already has running.
        var active = Queue.RecentJobs(Identity.Id).FirstOrDefault(j => j.Kind == GenerationMode.TextToImage && !j.IsFinished);
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

        var request = new GenerationRequest
        {
            Mode = GenerationMode.TextToImage,
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

    private void SwapSize() => (_width, _height) = (_height, _width);

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
        if (p.Sampler is { } sampler)
        {
            var selection = SamplerRegistry.Default.Resolve(sampler, p.ScheduleType);
            _sampler = selection.Sampler.Name;
            _scheduleType = selection.ScheduleType;
        }
    }
}
