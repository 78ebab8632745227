using System.Net;
using System.Text.Json;

namespace WebUi.Tests.Lan;

/// <summary>The shared app over real HTTP: who gets in where, the login form, CORS, headers, and secrets kept out.</summary>
[Collection(LanAppCollection.Name)]
public sealed class LanSharingTests(LanAppFixture fixture)
{
    private static readonly Uri s_samplers = new("/sdapi/v1/samplers", UriKind.Relative);
    private static readonly Uri s_negotiate = new("/hubs/generation/negotiate?negotiateVersion=1", UriKind.Relative);

    [Fact]
    public async Task Api_NoCredentials_A1111Json401WithoutBrowserPrompt()
    {
        using var http = fixture.Browser();

        using var response = await http.GetAsync(s_samplers);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(response.Headers.WwwAuthenticate);
        var error = await ErrorAsync(response);
        Assert.Equal(("HTTPException", "Not authenticated"), error);
    }

    [Theory]
    [InlineData("alice", "wrong")]
    [InlineData("alice", LanAppFixture.AlicePassword)] // the web UI password: --api-auth has its own
    [InlineData("mallory", LanAppFixture.AliceApiPassword)]
    [InlineData("", "")]
    public async Task Api_WrongCredentials_A1111Json401(string user, string password)
    {
        using var http = fixture.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, s_samplers);
        request.Headers.Authorization = LanAppFixture.Basic(user, password);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(("HTTPException", "Incorrect username or password"), await ErrorAsync(response));
    }

    [Fact]
    public async Task Api_MalformedAuthorizationHeader_401()
    {
        using var http = fixture.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, s_samplers);
        request.Headers.TryAddWithoutValidation("Authorization", "Basic %%%not-base64");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ApiAndHub_RightCredentials_PassTheGate()
    {
        using var http = fixture.Browser();
        using var api = new HttpRequestMessage(HttpMethod.Get, s_samplers);
        api.Headers.Authorization = LanAppFixture.Basic("alice", LanAppFixture.AliceApiPassword);
        using var hub = new HttpRequestMessage(HttpMethod.Post, s_negotiate);
        hub.Headers.Authorization = LanAppFixture.Basic("bob", LanAppFixture.BobApiPassword);

        using var apiResponse = await http.SendAsync(api);
        using var hubResponse = await http.SendAsync(hub);

        Assert.Equal(HttpStatusCode.OK, apiResponse.StatusCode);
        Assert.Contains("\"DPM++ 2M\"", await apiResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, hubResponse.StatusCode);
        Assert.Contains("connectionToken", await hubResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_RightCredentials_Txt2ImgReturnsAnImage()
    {
        using var http = fixture.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/sdapi/v1/txt2img", UriKind.Relative))
        {
            Content = new StringContent("{\"prompt\":\"red circle\",\"steps\":2,\"width\":64,\"height\":64}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = LanAppFixture.Basic("bob", LanAppFixture.BobApiPassword);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var png = Convert.FromBase64String(json.RootElement.GetProperty("images")[0].GetString()!);
        Assert.Equal((byte)0x89, png[0]);
        Assert.Equal((byte)'P', png[1]);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/txt2img")]
    [InlineData("/gallery")]
    [InlineData("/no-such-page")]
    public async Task Ui_Anonymous_PageNavigationRedirectsToLogin(string path)
    {
        using var http = fixture.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.AbsolutePath);
        Assert.Equal("?returnUrl=" + Uri.EscapeDataString(path), response.Headers.Location.Query);
    }

    [Theory]
    [InlineData("GET", "/gallery/file/1")]
    [InlineData("GET", "/gallery/thumb/1")]
    [InlineData("POST", "/_blazor/negotiate?negotiateVersion=1")]
    [InlineData("POST", "/hubs/generation/negotiate?negotiateVersion=1")]
    public async Task Ui_Anonymous_FilesCircuitAndHubAre401(string method, string path)
    {
        using var http = fixture.Browser();

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/css/app.css")]
    [InlineData("/favicon.svg")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    public async Task Ui_Anonymous_PublicAssetsOfTheLoginPageAreServed(string path)
    {
        using var http = fixture.Browser();

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Login_RightCredentials_CookieOpensPagesUntilLogout()
    {
        var cookies = new CookieContainer();
        using var http = fixture.Browser(cookies);
        var token = await LanAppFixture.LoginTokenAsync(http, "/login?returnUrl=%2Fgallery");

        using var login = await http.PostAsync(new Uri("/login", UriKind.Relative), LanAppFixture.Form(
            ("__RequestVerificationToken", token), ("username", "alice"), ("password", LanAppFixture.AlicePassword), ("returnUrl", "/gallery")));

        Assert.Equal(HttpStatusCode.Found, login.StatusCode);
        Assert.Equal("/gallery", login.Headers.Location!.OriginalString);
        var home = await http.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("id=\"logged-in-user\"", home, StringComparison.Ordinal);
        Assert.Contains(">alice<", home, StringComparison.Ordinal);
        using var file = await http.GetAsync(new Uri("/gallery/file/999999", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, file.StatusCode); // past the login: the file just does not exist

        var logoutToken = LanAppFixture.TokenField().Match(home).Groups[1].Value;
        using var logout = await http.PostAsync(new Uri("/logout", UriKind.Relative), LanAppFixture.Form(("__RequestVerificationToken", logoutToken)));
        Assert.Equal(HttpStatusCode.Found, logout.StatusCode);
        using var after = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        after.Headers.Accept.ParseAdd("text/html");
        using var afterResponse = await http.SendAsync(after);
        Assert.Equal(HttpStatusCode.Found, afterResponse.StatusCode);
    }

    [Theory]
    [InlineData("/gallery/file/..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/gallery/file/%2E%2E/%2E%2E/keys")]
    [InlineData("/gallery/thumb/-1")]
    [InlineData("/gallery/file/1.png")]
    public async Task GalleryFiles_PathsInTheUrl_AreNeverFiles(string path)
    {
        var cookies = new CookieContainer();
        using var http = fixture.Browser(cookies);
        var token = await LanAppFixture.LoginTokenAsync(http);
        using var login = await http.PostAsync(new Uri("/login", UriKind.Relative), LanAppFixture.Form(
            ("__RequestVerificationToken", token), ("username", "bob"), ("password", LanAppFixture.BobPassword)));
        Assert.Equal(HttpStatusCode.Found, login.StatusCode);

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("image/png", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Login_WrongPassword_401PageWithErrorThatNeverEchoesThePassword()
    {
        using var http = fixture.Browser();
        var token = await LanAppFixture.LoginTokenAsync(http);

        using var response = await http.PostAsync(new Uri("/login", UriKind.Relative), LanAppFixture.Form(
            ("__RequestVerificationToken", token), ("username", "alice"), ("password", LanAppFixture.BobPassword)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"login-error\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(LanAppFixture.BobPassword, html, StringComparison.Ordinal);
        Assert.Null(LoginCookie(response));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("alice", null)]
    [InlineData(null, null)]
    [InlineData("ALICE", LanAppFixture.AlicePassword)]
    [InlineData("alice", LanAppFixture.AlicePassword + " ")]
    [InlineData("' OR '1'='1", "' OR '1'='1")]
    [InlineData("<script>alert(1)</script>", "x")]
    public async Task Login_MalformedOrWrongFields_401WithoutACookie(string? user, string? password)
    {
        using var http = fixture.Browser();
        var token = await LanAppFixture.LoginTokenAsync(http);
        var fields = new List<(string, string)> { ("__RequestVerificationToken", token) };
        if (user is not null)
        {
            fields.Add(("username", user));
        }

        if (password is not null)
        {
            fields.Add(("password", password));
        }

        using var response = await http.PostAsync(new Uri("/login", UriKind.Relative), LanAppFixture.Form([.. fields]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("id=\"login-error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(LoginCookie(response));
    }

    [Fact]
    public async Task Login_NulInTheUserName_IsA4xxWithoutACookie()
    {
        using var http = fixture.Browser();
        var token = await LanAppFixture.LoginTokenAsync(http);

        using var response = await http.PostAsync(new Uri("/login", UriKind.Relative), LanAppFixture.Form(
            ("__RequestVerificationToken", token), ("username", "alice\u0000"), ("password", LanAppFixture.AlicePassword)));

        Assert.InRange((int)response.StatusCode, 400, 401);
        Assert.NotEmpty(await response.Content.ReadAsStringAsync());
        Assert.Null(LoginCookie(response));
    }

    [Theory]
    [InlineData("application/json", "{\"username\":\"alice\",\"password\":\"x\"}")]
    [InlineData("text/plain", "username=alice&password=x")]
    [InlineData("application/x-www-form-urlencoded", "%%%=%%%&&&")]
    public async Task Login_BodyThatIsNotTheForm_400WithAMessage(string contentType, string body)
    {
        using var http = fixture.Browser();
        using var content = new StringContent(body, System.Text.Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await http.PostAsync(new Uri("/login", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Reload the page and try again", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(LoginCookie(response));
    }

    [Fact]
    public async Task Login_ApiPasswordOnTheUi_IsRefused()
    {
        using var http = fixture.Browser();
        var token = await LanAppFixture.LoginTokenAsync(http);

        using var response = await http.PostAsync(new Uri("/login", UriKind.Relative), LanAppFixture.Form(
            ("__RequestVerificationToken", token), ("username", "boss"), ("password", LanAppFixture.BossApiPassword)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Login_WithoutAntiforgeryToken_IsRejected()
    {
        using var http = fixture.Browser();

        using var response = await http.PostAsync(new Uri("/login", UriKind.Relative), LanAppFixture.Form(
            ("username", "alice"), ("password", LanAppFixture.AlicePassword)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(LoginCookie(response));
    }

    [Fact]
    public async Task Logout_WithoutAntiforgeryToken_IsRejected()
    {
        using var http = fixture.Browser();

        using var response = await http.PostAsync(new Uri("/logout", UriKind.Relative), LanAppFixture.Form());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("http://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task Login_ForeignReturnUrl_GoesHomeInstead(string returnUrl)
    {
        using var http = fixture.Browser();
        var token = await LanAppFixture.LoginTokenAsync(http);

        using var response = await http.PostAsync(new Uri("/login", UriKind.Relative), LanAppFixture.Form(
            ("__RequestVerificationToken", token), ("username", "bob"), ("password", LanAppFixture.BobPassword), ("returnUrl", returnUrl)));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Login_OversizedBody_413()
    {
        using var http = fixture.Browser();
        var token = await LanAppFixture.LoginTokenAsync(http);

        using var response = await http.PostAsync(new Uri("/login", UriKind.Relative), LanAppFixture.Form(
            ("__RequestVerificationToken", token), ("username", new string('a', 2 * 1024 * 1024)), ("password", "x")));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task LoginPage_Japanese_FollowsAcceptLanguage()
    {
        using var http = fixture.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/login", UriKind.Relative));
        request.Headers.AcceptLanguage.ParseAdd("ja-JP");

        using var response = await http.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("<html lang=\"ja\"", html, StringComparison.Ordinal);
        Assert.Contains("ログイン", html, StringComparison.Ordinal);
        Assert.Contains("パスワード", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/css/app.css")]
    [InlineData("/sdapi/v1/samplers")]
    public async Task Responses_CarrySecurityHeaders(string path)
    {
        using var http = fixture.Browser();

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
    }

    [Theory]
    [InlineData(LanAppFixture.AllowedOrigin, true)]
    [InlineData("http://evil.example", false)]
    public async Task Cors_Preflight_OnlyForConfiguredOrigins(string origin, bool allowed)
    {
        using var http = fixture.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri("/sdapi/v1/txt2img", UriKind.Relative));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        using var response = await http.SendAsync(request);

        Assert.Equal(allowed ? origin : null, Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Cors_PagesOutsideTheApi_GetNoCorsHeaders()
    {
        using var http = fixture.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/login", UriKind.Relative));
        request.Headers.Add("Origin", LanAppFixture.AllowedOrigin);

        using var response = await http.SendAsync(request);

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("http://evil.example", HttpStatusCode.Forbidden)]
    [InlineData(LanAppFixture.AllowedOrigin, HttpStatusCode.OK)]
    public async Task Hub_CrossSiteOrigin_IsRefusedEvenWithCredentials(string origin, HttpStatusCode expected)
    {
        using var http = fixture.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Post, s_negotiate);
        request.Headers.Authorization = LanAppFixture.Basic("alice", LanAppFixture.AliceApiPassword);
        request.Headers.Add("Origin", origin);

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Secrets_NeverAppearInTheAppsOutput()
    {
        // Fail and succeed on every surface first, so that whatever gets logged has been logged.
        using var http = fixture.Browser();
        var token = await LanAppFixture.LoginTokenAsync(http);
        using var wrong = await http.PostAsync(new Uri("/login", UriKind.Relative), LanAppFixture.Form(
            ("__RequestVerificationToken", token), ("username", LanAppFixture.BobPassword), ("password", LanAppFixture.AlicePassword)));
        using var right = await http.PostAsync(new Uri("/login", UriKind.Relative), LanAppFixture.Form(
            ("__RequestVerificationToken", token), ("username", "alice"), ("password", LanAppFixture.AlicePassword)));
        using var api = new HttpRequestMessage(HttpMethod.Get, s_samplers);
        api.Headers.Authorization = LanAppFixture.Basic("boss", LanAppFixture.BobApiPassword);
        using var apiResponse = await http.SendAsync(api);
        var home = await http.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Found, right.StatusCode);
        Assert.Contains("Login refused", fixture.App.Output, StringComparison.Ordinal);
        Assert.All(LanAppFixture.Passwords, password =>
        {
            Assert.DoesNotContain(password, fixture.App.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(password, home, StringComparison.Ordinal);
        });
    }

    private static async Task<(string Error, string Detail)> ErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("error").GetString()!, json.RootElement.GetProperty("detail").GetString()!);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;

    private static string? LoginCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.FirstOrDefault(c => c.StartsWith("sdwebui.auth=", StringComparison.Ordinal)) : null;
}
