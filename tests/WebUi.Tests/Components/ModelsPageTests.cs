using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WebUi.Components.Pages;
using WebUi.ModelImport;
using WebUi.Security;

namespace WebUi.Tests.Components;

/// <summary>The Models page over the real catalog and import service (a fake hub), on a temporary models folder.</summary>
public sealed class ModelsPageTests : ModelsPageComponentTest
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public void ImportStartedElsewhere_IsFollowedLive_AndTheNewModelIsListed()
    {
        Folder.CopyTinyPipeline("tiny-diffusers");
        var cut = Context.Render<Models>();
        Assert.Empty(cut.FindAll(".model-tiny"));
        var imports = Context.Services.GetRequiredService<ModelImportService>();

        var request = new ModelImportRequest { Name = "tiny", Source = ModelImportSources.Find(Folder.ModelsPath, "tiny-diffusers") };
        Assert.True(imports.TryStart(request, "another tab", out _));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#import-succeeded")), s_timeout);
        Assert.Contains("'tiny' was imported", cut.Find("#import-succeeded").TextContent, StringComparison.Ordinal);
        Assert.Contains("100%", cut.Find("#import-progress-text").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll(".model-tiny"));
        Assert.Contains("MB", cut.Find("#installed-models-table").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_WithNothingChosen_SaysWhatIsMissing()
    {
        var cut = Context.Render<Models>();

        cut.Find("#import-start").Click();

        Assert.Contains("Choose what to import.", cut.Find("#model-import").TextContent, StringComparison.Ordinal);
        Assert.Contains("Enter a name for the model.", cut.Find("#model-import").TextContent, StringComparison.Ordinal);
        Assert.Contains("Nothing to import was found", cut.Find("#import-no-sources").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Download_BadRepoId_IsRefusedInJapanese()
    {
        Preferences.Apply("ja", isDarkMode: true);
        var cut = Context.Render<Models>();
        Assert.Contains("インストール済みのモデル", cut.Markup, StringComparison.Ordinal);

        cut.Find("#download-start").Click();

        Assert.Contains("owner/name の形式でリポジトリIDを入力してください。", cut.Find("#model-download").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_SavedOnThePage_IsShownMaskedOnly()
    {
        var cut = Context.Render<Models>();
        Assert.NotNull(cut.Find("#download-token-none"));

        Context.Services.GetRequiredService<HubTokenStore>().Save("hf_verysecrettokenABCD");
        var again = Context.Render<Models>();

        Assert.Contains("••••ABCD", again.Find("#download-token-masked").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("verysecret", again.Markup, StringComparison.Ordinal);
    }
}

/// <summary>With logins configured, only admins see the import forms.</summary>
public sealed class ModelsPageLoginTests : ModelsPageComponentTest
{
    private readonly HttpContextAccessor _http = new();

    public ModelsPageLoginTests()
    {
        Context.Services.Replace(ServiceDescriptor.Singleton<IHttpContextAccessor>(_http));
        var users = UserDirectory.Load(new SecurityOptions { Auth = "alice:pw1,bob:pw2", Admins = "alice" }, []);
        Context.Services.Replace(ServiceDescriptor.Singleton(users!));
    }

    [Fact]
    public void NotAnAdmin_SeesNoImportForms()
    {
        var cut = Context.Render<Models>();

        Assert.NotNull(cut.Find("#import-admins-only"));
        Assert.Empty(cut.FindAll("#model-import"));
        Assert.Empty(cut.FindAll("#model-download"));
    }

    [Fact]
    public void Admin_SeesTheImportForms()
    {
        _http.HttpContext = new DefaultHttpContext
        {
            User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, "alice")], "test")),
        };

        var cut = Context.Render<Models>();

        Assert.Empty(cut.FindAll("#import-admins-only"));
        Assert.NotNull(cut.Find("#model-import"));
    }

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(true, false, false)]
    [InlineData(true, true, true)]
    public void Permission_AnyoneWithoutLogins_AdminsWithThem(bool logins, bool admin, bool allowed)
    {
        var users = logins ? UserDirectory.Load(new SecurityOptions { Auth = "alice:pw1" }, [])! : UserDirectory.Open;

        Assert.Equal(allowed, ModelImportPermission.Allows(users, admin));
    }
}
