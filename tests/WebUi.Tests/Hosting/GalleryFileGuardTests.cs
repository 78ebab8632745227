using WebUi.Data;
using WebUi.Hosting;

namespace WebUi.Tests.Hosting;

public sealed class GalleryFileGuardTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("webui-guard-");
    private readonly LiteDbGalleryStore _store;

    public GalleryFileGuardTests()
    {
        _store = new LiteDbGalleryStore(Data);
        Directory.CreateDirectory(Path.Combine(Data, "outputs", "txt2img-images"));
        Directory.CreateDirectory(Path.Combine(Data, "keys"));
        File.WriteAllBytes(Path.Combine(Data, "outputs", "txt2img-images", "00001-1.png"), [137, 80, 78, 71]);
        File.WriteAllText(Path.Combine(Data, "outputs", "notes.txt"), "x");
        File.WriteAllText(Path.Combine(Data, "keys", "key-1.png"), "signing key");
        File.WriteAllText(Path.Combine(_temp.FullName, "outside.png"), "outside");
    }

    private string Data => Path.Combine(_temp.FullName, "data");

    public void Dispose()
    {
        _store.Dispose();
        _temp.Delete(recursive: true);
    }

    [Fact]
    public void Resolve_PngInOutputs_IsServed() =>
        Assert.Equal(Path.Combine(Data, "outputs", "txt2img-images", "00001-1.png"), GalleryFileGuard.Resolve(_store, Item("outputs/txt2img-images/00001-1.png")));

    [Theory]
    [InlineData("../outside.png")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("keys/key-1.png")]
    [InlineData("gallery.db")]
    [InlineData("outputs/notes.txt")]
    [InlineData("outputs/../keys/key-1.png")]
    [InlineData("outputs/txt2img-images/missing.png")]
    public void Resolve_AnythingElse_IsNotServed(string relativePath) =>
        Assert.Null(GalleryFileGuard.Resolve(_store, Item(relativePath)));

    [Fact]
    public void Resolve_LinkInOutputsLeadingOut_IsNotServed()
    {
        var link = Path.Combine(Data, "outputs", "link.png");
        File.CreateSymbolicLink(link, Path.Combine(_temp.FullName, "outside.png"));

        Assert.Null(GalleryFileGuard.Resolve(_store, Item("outputs/link.png")));
    }

    [Fact]
    public void Resolve_NoRecord_IsNotServed() => Assert.Null(GalleryFileGuard.Resolve(_store, null));

    private static GalleryItem Item(string relativePath) => new() { RelativePath = relativePath };
}
