using WebUi.Data;

namespace WebUi.Tests.Data;

public sealed class LiteDbGalleryStoreTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "webui-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private GalleryItem Item(string prompt, string model = "demo", string sampler = "Euler", int day = 1)
    {
        var relative = $"outputs/txt2img-images/2025-01-{day:D2}/{Guid.NewGuid():N}.png";
        var full = Path.Combine(_data, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, [1, 2, 3]);
        return new GalleryItem
        {
            RelativePath = relative, Prompt = prompt, NegativePrompt = "blurry", ModelId = model, SamplerName = sampler,
            CreatedAt = new DateTime(2025, 1, day, 12, 0, 0, DateTimeKind.Utc),
        };
    }

    [Fact]
    public void Query_Filters_FindTheMatchingRecordsNewestFirst()
    {
        using var store = new LiteDbGalleryStore(_data);
        store.Add(Item("Red circle, blue background", day: 1));
        store.Add(Item("green square", model: "sd2", day: 2));
        var fav = store.Add(Item("red square 赤い", sampler: "DPM++ 2M", day: 3), thumbnail: [9, 9]);
        store.ToggleFavourite(fav);

        Assert.Equal(3, store.Count());
        Assert.Equal(["red square 赤い", "green square", "Red circle, blue background"], store.Query(new GalleryQuery()).Items.Select(i => i.Prompt));
        Assert.Equal(2, store.Query(new GalleryQuery { Text = "RED" }).TotalCount);
        Assert.Single(store.Query(new GalleryQuery { Text = "red square" }).Items);
        Assert.Single(store.Query(new GalleryQuery { Text = "赤い" }).Items);
        Assert.Equal("sd2", store.Query(new GalleryQuery { ModelId = "sd2" }).Items.Single().ModelId);
        Assert.Equal(fav, store.Query(new GalleryQuery { SamplerName = "DPM++ 2M" }).Items.Single().Id);
        Assert.Equal(fav, store.Query(new GalleryQuery { FavouritesOnly = true }).Items.Single().Id);
        Assert.Equal(2, store.Query(new GalleryQuery { From = new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc) }).TotalCount);
        Assert.Single(store.Query(new GalleryQuery { To = new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc) }).Items);
        var page = store.Query(new GalleryQuery { Skip = 1, Take = 1 });
        Assert.Equal(("green square", 3), (page.Items.Single().Prompt, page.TotalCount));
        Assert.Equal([9, 9], store.GetThumbnail(fav));
        Assert.Equal(DateTimeKind.Utc, store.Find(fav)!.CreatedAt.Kind);
    }

    [Fact]
    public void Query_AfterWritesAndReopen_ReflectsEveryWrite()
    {
        int kept;
        int deleted;
        using (var store = new LiteDbGalleryStore(_data))
        {
            kept = store.Add(Item("blue circle", day: 1));
            deleted = store.Add(Item("blue square", day: 2));
            store.ToggleFavourite(kept);
            store.Delete(deleted);

            Assert.Equal([kept], store.Query(new GalleryQuery { Text = "blue" }).Items.Select(i => i.Id));
            Assert.Equal(kept, store.Query(new GalleryQuery { FavouritesOnly = true }).Items.Single().Id);
        }

        using var reopened = new LiteDbGalleryStore(_data);
        var newer = reopened.Add(Item("blue triangle", day: 3));
        var page = reopened.Query(new GalleryQuery { Text = "blue" });
        Assert.Equal([newer, kept], page.Items.Select(i => i.Id));
        Assert.Equal(2, page.TotalCount);
        Assert.Equal(kept, reopened.Query(new GalleryQuery { FavouritesOnly = true }).Items.Single().Id);
    }

    [Fact]
    public void Query_EveryFilterAfterReopen_AnswersAsBeforeClosing()
    {
        GalleryQuery[] queries =
        [
            new(), new() { Text = "red" }, new() { Text = "赤い blue" }, new() { ModelId = "sd2" }, new() { SamplerName = "DPM++ 2M" },
            new() { FavouritesOnly = true }, new() { From = new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc) },
            new() { To = new DateTime(2025, 1, 3, 0, 0, 0, DateTimeKind.Utc) }, new() { Skip = 1, Take = 2 },
        ];
        List<int[]> before;
        using (var store = new LiteDbGalleryStore(_data))
        {
            store.Add(Item("Red circle, blue background", day: 1));
            store.Add(Item("green square", model: "sd2", day: 2));
            store.ToggleFavourite(store.Add(Item("red square 赤い, blue", sampler: "DPM++ 2M", day: 3)));
            store.Add(Item("red triangle", model: "sd2", sampler: "DPM++ 2M", day: 4));
            before = [.. queries.Select(q => store.Query(q).Items.Select(i => i.Id).ToArray())];
        }

        using var reopened = new LiteDbGalleryStore(_data);

        Assert.Equal(before, queries.Select(q => reopened.Query(q).Items.Select(i => i.Id).ToArray()));
        Assert.All(before, ids => Assert.NotEmpty(ids));
    }

    [Fact]
    public void Query_SameTime_NewerRecordFirstAndPagesDoNotOverlap()
    {
        using var store = new LiteDbGalleryStore(_data);
        var ids = Enumerable.Range(0, 5).Select(i => store.Add(Item($"circle {i}"))).ToList();

        var first = store.Query(new GalleryQuery { Take = 3 });
        var second = store.Query(new GalleryQuery { Skip = 3, Take = 3 });

        Assert.Equal(Enumerable.Reverse(ids), first.Items.Concat(second.Items).Select(i => i.Id));
        Assert.Equal(5, second.TotalCount);
    }

    [Fact]
    public void ToggleFavourite_Twice_FlipsBackAndMissingIsNull()
    {
        using var store = new LiteDbGalleryStore(_data);
        var id = store.Add(Item("x"));

        Assert.True(store.ToggleFavourite(id));
        Assert.False(store.ToggleFavourite(id));
        Assert.Null(store.ToggleFavourite(12345));
    }

    [Fact]
    public void Delete_Record_RemovesFileAndRecord()
    {
        using var store = new LiteDbGalleryStore(_data);
        var item = Item("x");
        var id = store.Add(item, [1]);
        var path = store.FullPath(item);

        Assert.True(store.Delete(id));
        Assert.False(File.Exists(path));
        Assert.Null(store.Find(id));
        Assert.Null(store.GetThumbnail(id));
        Assert.False(store.Delete(id));
    }

    [Fact]
    public void FullPath_RecordPointingOutside_IsRefused()
    {
        using var store = new LiteDbGalleryStore(_data);

        Assert.Throws<InvalidOperationException>(() => store.FullPath(new GalleryItem { RelativePath = "../../etc/passwd" }));
    }

    [Fact]
    public void PromptHistory_Uses_AreCountedAndSearchable()
    {
        using var store = new LiteDbGalleryStore(_data);
        var t0 = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        store.RecordPrompt("red circle", "blurry", t0);
        store.RecordPrompt("red circle", "blurry", t0.AddMinutes(1));
        store.RecordPrompt("green square", "", t0.AddMinutes(2));
        store.RecordPrompt("red circle", "", t0.AddMinutes(3));

        Assert.Equal(("red circle", "blurry", 2), MostUsed(store));
        Assert.Equal(["red circle", "green square", "red circle"], store.RecentPrompts(10).Select(p => p.Prompt));
        Assert.Equal(2, store.SearchPrompts("RED", 10).Count);
        Assert.Single(store.SearchPrompts("red blurry", 10));
    }

    [Fact]
    public void Reopen_SameFile_KeepsRecordsAndHistory()
    {
        int id;
        using (var store = new LiteDbGalleryStore(_data))
        {
            id = store.Add(Item("persisted"));
            store.RecordPrompt("persisted", "", DateTime.UtcNow);
        }

        using var reopened = new LiteDbGalleryStore(_data);
        Assert.Equal("persisted", reopened.Find(id)!.Prompt);
        Assert.Equal("persisted", reopened.RecentPrompts(1).Single().Prompt);
    }

    private static (string, string, int) MostUsed(LiteDbGalleryStore store)
    {
        var top = store.MostUsedPrompts(1).Single();
        return (top.Prompt, top.NegativePrompt, top.UseCount);
    }
}
