namespace WebUi.Tests;

/// <summary>The app as a newcomer starts it: real process, real HTTP, on the demo model or the fixtures.</summary>
public sealed class AppStartupTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("webui-start-");

    [Fact]
    public async Task Start_EmptyModelsFolder_InstallsAndShowsDemoModelAndProvider()
    {
        var models = Path.Combine(_temp.FullName, "models");
        var data = Path.Combine(_temp.FullName, "data");
        await using var app = await AppProcess.StartAsync("--models-dir", models, "--data-dir", data);
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        var html = await http.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("id=\"model-name\"", html, StringComparison.Ordinal);
        Assert.Contains(">demo<", html, StringComparison.Ordinal);
        Assert.Contains("id=\"demo-note\"", html, StringComparison.Ordinal);
        // No GPU here: the page names the provider actually in use and why CUDA is not.
        Assert.Matches("id=\"provider\"[^>]*>(CPU|CUDA)", html);
        Assert.True(File.Exists(Path.Combine(models, "demo", "unet", "model.onnx")));
        foreach (var asset in new[] { "_content/MudBlazor/MudBlazor.min.css", "css/app.css" })
        {
            using var response = await http.GetAsync(new Uri(asset, UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100, $"{asset} is empty");
        }

        Assert.True(Directory.Exists(Path.Combine(data, "keys")));
    }

    [SkippableFact]
    public async Task Start_FixturesAsModelsFolder_ListsTinySd2Models()
    {
        var fixtures = Environment.GetEnvironmentVariable("SD_FIXTURES_DIR") is { Length: > 0 } fromEnv
            ? Path.GetFullPath(fromEnv)
            : Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "fixtures"));
        Skip.IfNot(Directory.Exists(fixtures) || IsCi(), $"Conformance fixtures not found at {fixtures}.");
        Assert.True(Directory.Exists(fixtures), $"Conformance fixtures not found at {fixtures}.");
        await using var app = await AppProcess.StartAsync("--models-dir", fixtures, "--data-dir", Path.Combine(_temp.FullName, "data"));
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        var html = await http.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("<code>tiny-sd2</code>", html, StringComparison.Ordinal);
        Assert.Contains("<code>tiny-sd2-v</code>", html, StringComparison.Ordinal);
        Assert.Contains("v-prediction, 256×256", html, StringComparison.Ordinal);
        Assert.DoesNotContain("demo-note", html, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(fixtures, "demo")));
    }

    [Fact]
    public async Task Start_ListenWithoutConsent_ExitsWithExplanation()
    {
        var (exitCode, output) = await AppProcess.RunToExitAsync("--listen", "--data-dir", Path.Combine(_temp.FullName, "data"));

        Assert.Equal(2, exitCode);
        Assert.Contains("Refusing to listen on all network interfaces", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnknownOption_ExitsWithExplanation()
    {
        var (exitCode, output) = await AppProcess.RunToExitAsync("--prot", "7860");

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown option '--prot'", output, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Delete(recursive: true);

    private static bool IsCi() => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WebUi.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("WebUi.sln not found above the test assembly.");
    }
}
