using System.Net;
using System.Net.Http.Headers;

namespace WebUi.Tests.Lan;

/// <summary>
/// Password guessing and DNS rebinding against the real app on loopback, started with web UI logins and a lockout after
/// three failures a minute. The lockout is per address and every test client is 127.0.0.1, so the steps of the lockout
/// run in one test, in order.
/// </summary>
public sealed class LoginLockoutAndHostTests : IAsyncLifetime
{
    private const string Password = "Lockout-pw-4471";
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("webui-lockout-");
    private AppProcess _app = null!;

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync(
        "--auth", $"alice:{Password}",
        "--login-failures-per-minute", "3",
        "--cpu",
        "--models-dir", Path.Combine(_temp.FullName, "models"),
        "--data-dir", Path.Combine(_temp.FullName, "data"));

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _temp.Delete(recursive: true);
    }

    [Fact]
    public async Task FailedLogins_FormAndBasicTogether_LockTheAddressOutWith429AndRetryAfter()
    {
        using var browser = Browser();
        using var api = new HttpClient { BaseAddress = _app.BaseAddress };

        // Right credentials count nothing; three failures (form, Basic, form) are answered 401.
        Assert.Equal(HttpStatusCode.OK, (await GetSamplersAsync(api, Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(browser, "wrong-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetSamplersAsync(api, "wrong-2")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(browser, "wrong-3")).StatusCode);

        // Then every attempt, even with the right password, is refused until the minute is over.
        using var form = await LoginAsync(browser, Password);
        using var basic = await GetSamplersAsync(api, Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
        Assert.Contains("Too many failed logins from your address", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.InRange(RetryAfterSeconds(form), 1, 60);
        Assert.DoesNotContain(form.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("sdwebui.auth=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.TooManyRequests, basic.StatusCode);
        Assert.Contains("\"detail\":\"Too many failed logins", await basic.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.InRange(RetryAfterSeconds(basic), 1, 60);

        // Requests that try no password are not held up: the login page still opens.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/login", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("rebind.attacker.test:7860")]
    [InlineData("192.168.1.20")]
    public async Task ForeignHostHeader_OnLoopback_Is400NamingTheHost(string host)
    {
        using var http = new HttpClient { BaseAddress = _app.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.Host = host;

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains($"does not answer requests for host '{host.Split(':')[0]}'", text, StringComparison.Ordinal);
        Assert.Contains("--allowed-hosts", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task LoopbackHostHeader_IsAnswered(string host)
    {
        using var http = new HttpClient { BaseAddress = _app.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.Host = $"{host}:{_app.Port}";

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private HttpClient Browser() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = _app.BaseAddress };

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient browser, string password)
    {
        var token = await LanAppFixture.LoginTokenAsync(browser);
        return await browser.PostAsync(new Uri("/login", UriKind.Relative), LanAppFixture.Form(
            ("__RequestVerificationToken", token), ("username", "alice"), ("password", password)));
    }

    private static Task<HttpResponseMessage> GetSamplersAsync(HttpClient api, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/sdapi/v1/samplers");
        request.Headers.Authorization = LanAppFixture.Basic("alice", password);
        return api.SendAsync(request);
    }

    private static int RetryAfterSeconds(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : -1;
}
