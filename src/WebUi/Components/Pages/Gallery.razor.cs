using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using WebUi.Data;
using WebUi.Hosting;
using WebUi.Infotext;
using WebUi.Localization;
using WebUi.Services;

namespace WebUi.Components.Pages;

/// <summary>
/// The gallery: a paged thumbnail grid over <see cref="IGalleryStore"/>, newest first, with word search and filters; a
/// card opens a detail dialog (full image, parameters, favourite, delete, download, reuse in txt2img or img2img).
/// Each query reads one page of records only, so thousands of images stay fast.
/// </summary>
public sealed partial class Gallery : IDisposable
{
    /// <summary>Thumbnails per page.</summary>
    public const int PageSize = 48;

    private static readonly DialogOptions s_dialogOptions = new()
    {
        MaxWidth = MaxWidth.Large,
        FullWidth = true,
        CloseButton = true,
        CloseOnEscapeKey = true,
    };

    private GalleryPage _page = new([], 0);
    private string? _search;
    private string? _model;
    private string? _sampler;
    private bool _favouritesOnly;
    private DateRange? _dates;
    private int _pageNumber = 1;
    private GalleryItem? _selected;
    private bool _detailVisible;
    private bool _confirmDelete;
    private string? _detailError;
    private IDisposable? _subscription;

    /// <summary>Opens this record's detail on arrival (<c>/gallery?id=12</c>), e.g. from "Open in gallery".</summary>
    [SupplyParameterFromQuery(Name = "id")]
    public int? OpenId { get; set; }

    [Inject] private IGalleryStore Store { get; set; } = null!;

    [Inject] private GenerationNotifier Notifier { get; set; } = null!;

    [Inject] private ModelSelectionService Models { get; set; } = null!;

    [Inject] private ParametersTransfer Transfer { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Inject] private UiText T { get; set; } = null!;

    private int PageCount => Math.Max(1, (_page.TotalCount + PageSize - 1) / PageSize);

    private bool IsFiltered => !string.IsNullOrWhiteSpace(_search) || _model is not null || _sampler is not null || _favouritesOnly
        || _dates?.Start is not null || _dates?.End is not null;

    public void Dispose() => _subscription?.Dispose();

    protected override void OnInitialized()
    {
        Load();
        if (OpenId is { } id && Store.Find(id) is { } item)
        {
            Open(item);
        }

        // New images (from any tab or browser) appear without a reload.
        _subscription = Notifier.Subscribe(null, e => e.IsFinal ? InvokeAsync(() =>
        {
            Load();
            StateHasChanged();
        }) : Task.CompletedTask);
    }

    private void Load()
    {
        var query = new GalleryQuery
        {
            Skip = (_pageNumber - 1) * PageSize,
            Take = PageSize,
            Text = string.IsNullOrWhiteSpace(_search) ? null : _search,
            ModelId = _model,
            SamplerName = _sampler,
            FavouritesOnly = _favouritesOnly,
            From = _dates?.Start is { } from ? ToUtc(from.Date) : null,
            To = _dates?.End is { } to ? ToUtc(to.Date.AddDays(1)) : null,
        };
        _page = Store.Query(query);

        // Deleting the last image of the last page leaves the page empty: step back to the new last page.
        if (_page.Items.Count == 0 && _pageNumber > 1 && _page.TotalCount > 0)
        {
            _pageNumber = PageCount;
            _page = Store.Query(query with { Skip = (_pageNumber - 1) * PageSize });
        }
    }

    private void OnSearchChanged(string? value)
    {
        _search = value;
        _pageNumber = 1;
        Load();
    }

    private void OnModelChanged(string? value)
    {
        _model = value;
        _pageNumber = 1;
        Load();
    }

    private void OnSamplerChanged(string? value)
    {
        _sampler = value;
        _pageNumber = 1;
        Load();
    }

    private void OnFavouritesOnlyChanged(bool value)
    {
        _favouritesOnly = value;
        _pageNumber = 1;
        Load();
    }

    private void OnDatesChanged(DateRange? value)
    {
        _dates = value;
        _pageNumber = 1;
        Load();
    }

    private void OnPageChanged(int page)
    {
        _pageNumber = page;
        Load();
    }

    private void Open(GalleryItem item)
    {
        _selected = item;
        _confirmDelete = false;
        _detailError = null;
        _detailVisible = true;
    }

    private void Close() => _detailVisible = false;

    /// <summary>True when the image <paramref name="offset"/> places away is on the page shown.</summary>
    private bool CanStep(int offset) => IndexOfSelected() is { } index && index + offset >= 0 && index + offset < _page.Items.Count;

    private void Step(int offset)
    {
        if (CanStep(offset))
        {
            Open(_page.Items[IndexOfSelected()!.Value + offset]);
        }
    }

    private int? IndexOfSelected()
    {
        for (var i = 0; _selected is not null && i < _page.Items.Count; i++)
        {
            if (_page.Items[i].Id == _selected.Id)
            {
                return i;
            }
        }

        return null;
    }

    private void ToggleFavourite(GalleryItem item)
    {
        if (Store.ToggleFavourite(item.Id) is { } value)
        {
            item.IsFavourite = value;
            if (_selected is not null && _selected.Id == item.Id)
            {
                _selected.IsFavourite = value;
            }
        }

        if (_favouritesOnly)
        {
            Load();
        }
    }

    private void DeleteSelected()
    {
        if (_selected is { } item)
        {
            Store.Delete(item.Id);
        }

        _selected = null;
        _confirmDelete = false;
        _detailVisible = false;
        Load();
    }

    private void ReuseParameters()
    {
        if (_selected is { } item)
        {
            Transfer.Send(TransferTarget.Txt2Img, ParametersOf(item));
            Navigation.NavigateTo("txt2img");
        }
    }

    private async Task SendToImg2ImgAsync()
    {
        if (_selected is not { } item)
        {
            return;
        }

        byte[]? png;
        try
        {
            png = await GalleryFileGuard.ReadPngAsync(Store, item);
        }
        catch (IOException ex)
        {
            _detailError = T.Format("The file could not be read: {0}", ex.Message);
            return;
        }

        if (png is null)
        {
            _detailError = T["The image is no longer in the gallery."];
            return;
        }

        Transfer.Send(TransferTarget.Img2Img, ParametersOf(item), png);
        Navigation.NavigateTo("img2img");
    }

    /// <summary>The record's infotext parsed; a record without one (never expected) still carries its prompts.</summary>
    private static InfotextParameters ParametersOf(GalleryItem item) =>
        string.IsNullOrWhiteSpace(item.Infotext)
            ? new InfotextParameters(item.Prompt ?? "", item.NegativePrompt ?? "", [])
            : InfotextParser.Parse(item.Infotext);

    private static string Truncate(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length), "…");

    /// <summary>The picker's days are the server's local days (as <see cref="FormatDate"/> shows them); records are UTC.</summary>
    private static DateTime ToUtc(DateTime localDay) => DateTime.SpecifyKind(localDay, DateTimeKind.Local).ToUniversalTime();

    private static string FormatDate(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string FormatTimings(GalleryItem item) => string.Create(CultureInfo.InvariantCulture,
        $"{item.TotalMilliseconds / 1000:F2} s ({item.PerStepMilliseconds:F0} ms/step)");
}
