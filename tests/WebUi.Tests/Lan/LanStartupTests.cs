using System.Net;

namespace WebUi.Tests.Lan;

/// <summary>Start-up decisions of the real app: what --listen needs, and the API guarded by the web UI's logins.</summary>
public sealed class LanStartupTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("webui-lan-start-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Theory]
    [InlineData("--listen")]
    [InlineData("--listen --api-auth robot:Robot-pw-1")]
    public async Task Listen_WithoutUiLogin_RefusesToStart(string arguments)
    {
        var (exitCode, output) = await AppProcess.RunToExitAsync([.. arguments.Split(' '), "--data-dir", Data]);

        Assert.Equal(2, exitCode);
        Assert.Contains("Refusing to listen on all network interfaces (--listen) without a login", output, StringComparison.Ordinal);
        Assert.Contains("--auth user:password", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Robot-pw-1", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--auth", "alice-no-password-Secret-pw-1", "--auth: entry 1")]
    [InlineData("--api-auth", "robot:ok,:Secret-pw-1", "--api-auth: entry 2")]
    [InlineData("--admin", "nobody", "--admin: 'nobody' is not a user")]
    public async Task BadLoginSettings_RefuseToStartWithoutEchoingThem(string flag, string value, string expected)
    {
        var (exitCode, output) = await AppProcess.RunToExitAsync(flag, value, "--data-dir", Data);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret-pw-1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UiLoginOnly_ApiTakesTheSameCredentials_NotAnOpenApi()
    {
        var file = Path.Combine(_temp.FullName, "logins.txt");
        await File.WriteAllTextAsync(file, "carol:Carol-pw-3\n");
        await using var app = await AppProcess.StartAsync(
            "--auth-file", file, "--models-dir", Path.Combine(_temp.FullName, "models"), "--data-dir", Data);
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        using var anonymous = await http.GetAsync(new Uri("/sdapi/v1/sd-models", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/hubs/generation/negotiate?negotiateVersion=1", UriKind.Relative));
        request.Headers.Authorization = LanAppFixture.Basic("carol", "Carol-pw-3");
        using var withUiLogin = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withUiLogin.StatusCode);
        Assert.DoesNotContain("Carol-pw-3", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoLogins_LoginPageLeadsHomeAndApiIsOpen()
    {
        await using var app = await AppProcess.StartAsync("--models-dir", Path.Combine(_temp.FullName, "models"), "--data-dir", Data);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

        using var login = await http.GetAsync(new Uri("/login", UriKind.Relative));
        using var negotiate = await http.PostAsync(new Uri("/hubs/generation/negotiate?negotiateVersion=1", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
    }

    private string Data => Path.Combine(_temp.FullName, "data");
}
