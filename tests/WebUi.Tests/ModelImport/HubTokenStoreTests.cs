using Microsoft.Extensions.Options;
using WebUi.ModelImport;

namespace WebUi.Tests.ModelImport;

public sealed class HubTokenStoreTests : IDisposable
{
    private const string Token = "hf_abcdefghijklmnopqrstuvwxyz1234";
    private readonly ImportTestFolder _folder = new();

    [Fact]
    public void Save_KeepsTheTokenForThisUserOnly_ShowsOnlyItsEnd_AndSurvivesARestart()
    {
        var store = Store();

        store.Save(Token);

        Assert.Equal(Token, store.Token);
        Assert.Equal("••••1234", store.Masked);
        Assert.DoesNotContain("abcdefgh", store.Masked, StringComparison.Ordinal);
        Assert.True(store.IsSaved);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
        }

        Assert.Equal(Token, Store().Token);
    }

    [SkippableFact]
    public void Save_OverALooseLeftoverTemporaryFile_StillWritesAnOwnerOnlyToken()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix permissions only.");
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var store = Store();
        Directory.CreateDirectory(Path.GetDirectoryName(store.FilePath)!);
        File.WriteAllText(store.FilePath + ".tmp", "left by a crash");
        File.SetUnixFileMode(store.FilePath + ".tmp", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead | UnixFileMode.GroupRead);

        store.Save(Token);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
        Assert.Equal(Token, File.ReadAllText(store.FilePath));
    }

    [Fact]
    public void Clear_FallsBackToTheConfiguredToken()
    {
        var store = Store(configured: "hf_configuredtoken9999");
        store.Save(Token);

        store.Clear();

        Assert.False(store.IsSaved);
        Assert.Equal("hf_configuredtoken9999", store.Token);
        Assert.False(File.Exists(store.FilePath));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData("ünicode")]
    public void Save_BadToken_IsRefusedWithoutEchoingIt(string token)
    {
        var store = Store();

        var ex = Assert.Throws<ArgumentException>(() => store.Save(token));

        Assert.Contains("printable characters", ex.Message, StringComparison.Ordinal);
        Assert.Null(store.Token);
    }

    [Fact]
    public void Mask_ShortToken_ShowsNothingOfIt() => Assert.Equal("••••", HubTokenStore.Mask("short"));

    private HubTokenStore Store(string? configured = null) =>
        new(Options.Create(new WebUiOptions { DataPath = _folder.DataPath }), Options.Create(new HubOptions { Token = configured }));

    public void Dispose() => _folder.Dispose();
}
