using Engine.Hub;

namespace Engine.Tests.Hub;

/// <summary>Repository ids, revisions, variants and tokens are checked before anything is sent.</summary>
public sealed class HubNamesTests
{
    [Theory]
    [InlineData("stabilityai/stable-diffusion-2-1-base")]
    [InlineData("runwayml/stable-diffusion-v1-5")]
    [InlineData("a/b")]
    [InlineData("Some_Org/model.v2")]
    public void RepoIdProblem_ValidIds_AreAccepted(string repoId) => Assert.Null(HubNames.RepoIdProblem(repoId));

    [Theory]
    [InlineData("")]
    [InlineData("no-slash")]
    [InlineData("a/b/c")]
    [InlineData("/name")]
    [InlineData("owner/")]
    [InlineData("owner/na me")]
    [InlineData("owner/-name")]
    [InlineData("owner/name.")]
    [InlineData("owner/na--me")]
    [InlineData("owner/na..me")]
    [InlineData("../name")]
    [InlineData("owner/nämé")]
    public void RepoIdProblem_InvalidIds_SayWhatIsWrong(string repoId)
    {
        var problem = HubNames.RepoIdProblem(repoId);

        Assert.NotNull(problem);
        Assert.Contains(repoId.Length == 0 ? "empty" : repoId, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void RepoIdProblem_NameLongerThanTheHubAllows_IsRefused()
    {
        Assert.Null(HubNames.RepoIdProblem("owner/" + new string('a', HubNames.MaxNameLength)));
        Assert.NotNull(HubNames.RepoIdProblem("owner/" + new string('a', HubNames.MaxNameLength + 1)));
    }

    [Theory]
    [InlineData("main")]
    [InlineData("v1.0")]
    [InlineData("refs/pr/1")]
    [InlineData("0123456789abcdef0123456789abcdef01234567")]
    public void RevisionProblem_BranchesTagsAndCommits_AreAccepted(string revision) => Assert.Null(HubNames.RevisionProblem(revision));

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("../main")]
    [InlineData("main/")]
    [InlineData("a..b")]
    [InlineData("x:y")]
    [InlineData("main.lock")]
    [InlineData("line\nbreak")]
    public void RevisionProblem_InvalidRevisions_AreRefused(string revision) => Assert.NotNull(HubNames.RevisionProblem(revision));

    [Fact]
    public void TokenProblem_TokenWithALineBreak_IsRefusedWithoutRepeatingIt()
    {
        var problem = HubNames.TokenProblem("hf_secret\r\nX-Injected: 1");

        Assert.NotNull(problem);
        Assert.DoesNotContain("hf_secret", problem, StringComparison.Ordinal);
        Assert.Null(HubNames.TokenProblem(null));
        Assert.Null(HubNames.TokenProblem("hf_AbCdEf0123456789"));
    }

    [Fact]
    public void VariantProblem_OnlyPlainWords_AreVariants()
    {
        Assert.Null(HubNames.VariantProblem("fp16"));
        Assert.Null(HubNames.VariantProblem(null));
        Assert.NotNull(HubNames.VariantProblem("../fp16"));
        Assert.NotNull(HubNames.VariantProblem(string.Empty));
    }

    [Theory]
    [InlineData("no-slash", "main", null)]
    [InlineData("owner/na--me", "main", null)]
    [InlineData("owner/name", "a b", null)]
    [InlineData("owner/name", "main", "hf_with space")]
    public async Task DownloadAsync_InvalidRequest_FailsBeforeAnyRequest(string repoId, string revision, string? token)
    {
        using var handler = new RecordingHandler();
        using var client = new HttpClient(handler);
        var downloader = new HuggingFaceDownloader(client, new Uri("http://127.0.0.1:9"));
        var target = Path.Combine(Path.GetTempPath(), "engine-hub-tests", Guid.NewGuid().ToString("N"));

        var failure = await Assert.ThrowsAsync<HubDownloadException>(() =>
            downloader.DownloadAsync(new HubDownloadRequest(repoId, revision, token), target));

        Assert.Equal(HubDownloadFailure.InvalidRequest, failure.Failure);
        Assert.Equal(0, handler.Calls);
        Assert.False(Directory.Exists(target));
        if (token is not null)
        {
            Assert.DoesNotContain(token, failure.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Request_ToString_SaysWhetherATokenIsSetButNeverShowsIt()
    {
        var text = new HubDownloadRequest("owner/name", "main", "hf_VerySecret999").ToString();

        Assert.DoesNotContain("hf_VerySecret999", text, StringComparison.Ordinal);
        Assert.Contains("owner/name", text, StringComparison.Ordinal);
        Assert.Contains("Token = (set)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_EndpointThatIsNotHttp_IsRefusedAtConstruction()
    {
        using var client = new HttpClient();

        var failure = Assert.Throws<ArgumentException>(() =>
            new HuggingFaceDownloader(client, new HubDownloadOptions { Endpoint = new Uri("ftp://mirror.example/") }));

        Assert.Contains("http or https", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseEndpoint_EmptySettingOrMirror_GivesTheEndpointToUse()
    {
        Assert.Equal(HubDownloadOptions.DefaultEndpoint, HubDownloadOptions.ParseEndpoint(" "));
        Assert.Equal(new Uri("https://hf-mirror.example/hf"), HubDownloadOptions.ParseEndpoint("https://hf-mirror.example/hf"));
        Assert.Throws<ArgumentException>(() => HubDownloadOptions.ParseEndpoint("hf-mirror.example"));
        Assert.Throws<ArgumentException>(() => HubDownloadOptions.ParseEndpoint("file:///etc"));
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            throw new InvalidOperationException("No request may be sent for an invalid download request.");
        }
    }
}
