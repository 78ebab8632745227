using WebUi.Data;

namespace WebUi.Tests.Data;

public sealed class LiteDbGalleryStoreEmptyStringTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("gallery-empty-");

    [Fact]
    public void Find_EmptyNegativePromptAndPaddedPrompt_ComeBackAsWritten()
    {
        int id;
        using (var store = new LiteDbGalleryStore(_data.FullName))
        {
            id = store.Add(new GalleryItem { RelativePath = "outputs/x.png", Prompt = "  red circle ", NegativePrompt = "", Infotext = "red circle" });
        }

        using var reopened = new LiteDbGalleryStore(_data.FullName);
        var item = reopened.Find(id)!;

        Assert.Equal("", item.NegativePrompt);
        Assert.Equal("  red circle ", item.Prompt);
    }

    public void Dispose() => _data.Delete(recursive: true);
}
