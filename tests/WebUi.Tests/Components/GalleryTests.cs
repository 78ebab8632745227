using Bunit;
using Engine;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using WebUi.Components.Pages;
using WebUi.Data;
using WebUi.Infotext;
using WebUi.Services;

namespace WebUi.Tests.Components;

public sealed class GalleryTests : ShellComponentTest, IDisposable
{
    // bUnit waits for renders that MudBlazor's dialogs finish asynchronously; a loaded CI machine needs longer than 1 s.
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "webui-gallery-" + Guid.NewGuid().ToString("N"));
    private readonly LiteDbGalleryStore _store;

    public GalleryTests()
    {
        _store = new LiteDbGalleryStore(Path.Combine(_root, "data"));
        Context.Services.AddLogging();
        Context.Services.AddSingleton<IGalleryStore>(_store);
        Context.Services.AddSingleton(TimeProvider.System);
        Context.Services.AddOptions<GenerationOptions>();
        Context.Services.AddSingleton<GenerationNotifier>();
        Context.Services.AddEngine(o => o.ModelsPath = Path.Combine(_root, "models"));
        Context.Services.AddSingleton<ModelSelectionService>();
    }

    public void Dispose()
    {
        _store.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Render_EmptyStore_ShowsNoImagesYet()
    {
        var cut = Context.Render<Gallery>();

        Assert.Equal("No images yet.", cut.Find("#gallery-empty").TextContent.Trim());
        Assert.Empty(cut.FindAll(".gallery-card"));
    }

    [Fact]
    public void Render_ManyImages_ShowsNewestPageAndPages()
    {
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 100; i++)
        {
            _store.Add(new GalleryItem { Prompt = $"red circle {i}", CreatedAt = start.AddMinutes(i), RelativePath = $"outputs/{i}.png" });
        }

        var cut = Context.Render<Gallery>();

        var cards = cut.FindAll(".gallery-card");
        Assert.Equal(Gallery.PageSize, cards.Count);
        Assert.Equal("red circle 99", cards[0].QuerySelector("img")!.GetAttribute("alt"));
        Assert.NotNull(cut.Find("#gallery-pagination"));

        cut.FindAll("#gallery-pagination button").First(b => b.TextContent.Trim() == "3").Click();

        cards = cut.FindAll(".gallery-card");
        Assert.Equal(100 - (2 * Gallery.PageSize), cards.Count);
        Assert.Equal("red circle 3", cards[0].QuerySelector("img")!.GetAttribute("alt"));
    }

    [Fact]
    public async Task DateRange_OneDay_ShowsOnlyThatDaysImages()
    {
        var day = new DateTime(2025, 3, 10, 12, 0, 0, DateTimeKind.Local);
        _store.Add(new GalleryItem { Prompt = "before", CreatedAt = day.AddDays(-1).ToUniversalTime(), RelativePath = "outputs/a.png" });
        _store.Add(new GalleryItem { Prompt = "on the day", CreatedAt = day.ToUniversalTime(), RelativePath = "outputs/b.png" });
        _store.Add(new GalleryItem { Prompt = "after", CreatedAt = day.AddDays(1).ToUniversalTime(), RelativePath = "outputs/c.png" });
        var cut = Context.Render<Gallery>();
        var picker = cut.FindComponent<MudDateRangePicker>();

        await cut.InvokeAsync(() => picker.Instance.DateRangeChanged.InvokeAsync(new DateRange(day.Date, day.Date)));

        var card = Assert.Single(cut.FindAll(".gallery-card"));
        Assert.Equal("on the day", card.QuerySelector("img")!.GetAttribute("alt"));
    }

    [Fact]
    public void Render_IdInQuery_OpensThatImageAndStepsToTheNext()
    {
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var older = _store.Add(new GalleryItem { Prompt = "older", Infotext = "older\nSteps: 5, Seed: 1", CreatedAt = start, RelativePath = "outputs/a.png" });
        var newer = _store.Add(new GalleryItem { Prompt = "newer", Infotext = "newer\nSteps: 5, Seed: 2", CreatedAt = start.AddMinutes(1), RelativePath = "outputs/b.png" });
        Context.Services.GetRequiredService<NavigationManager>().NavigateTo($"/gallery?id={newer}");

        var dialogs = Context.Render<MudDialogProvider>();
        Context.Render<Gallery>();

        dialogs.WaitForAssertion(() => Assert.Contains("newer", dialogs.Find("#gallery-detail-infotext").TextContent, StringComparison.Ordinal), s_timeout);
        dialogs.Find("#gallery-detail-next").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("older", dialogs.Find("#gallery-detail-infotext").TextContent, StringComparison.Ordinal), s_timeout);
        Assert.True(older > 0);
    }

    [Fact]
    public void Render_ClickPromptHistoryEntry_SendsBothPromptsToTxt2Img()
    {
        _store.RecordPrompt("red circle, blue background", "green", DateTime.UtcNow);
        var cut = Context.Render<Gallery>();

        cut.Find("#prompt-history-list .prompt-history-item").Click();

        var transfer = Context.Services.GetRequiredService<ParametersTransfer>();
        Assert.True(transfer.TryTake(TransferTarget.Txt2Img, out var parameters, out var image));
        Assert.Equal("red circle, blue background", parameters.Prompt);
        Assert.Equal("green", parameters.NegativePrompt);
        Assert.Null(image);
        Assert.EndsWith("/txt2img", Context.Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }
}
