using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using WebUi.Hubs;

namespace WebUi.Tests.Lan;

/// <summary>
/// One real app shared by the LAN tests, started as a user sharing it would: <c>--listen</c> with web UI logins,
/// separate API logins, an admin and one CORS origin.
/// </summary>
public sealed partial class LanAppFixture : IAsyncLifetime
{
    public const string AlicePassword = "Ui-Alice-pw-7731";
    public const string BobPassword = "Ui-Bob-pw-5519";
    public const string AliceApiPassword = "Api-Alice-pw-9043";
    public const string BobApiPassword = "Api-Bob-pw-2284";
    public const string BossApiPassword = "Api-Boss-pw-6610";
    public const string AllowedOrigin = "http://allowed.example";

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("webui-lan-");

    public AppProcess App { get; private set; } = null!;

    /// <summary>The app's data folder (gallery database and outputs).</summary>
    public string DataPath => Path.Combine(_temp.FullName, "data");

    /// <summary>Every PNG saved under the data folder's outputs.</summary>
    public IReadOnlyList<string> SavedPngs()
    {
        var outputs = Path.Combine(DataPath, "outputs");
        return Directory.Exists(outputs) ? Directory.GetFiles(outputs, "*.png", SearchOption.AllDirectories) : [];
    }

    /// <summary>Every password the app was given: none may ever show up in its output or pages.</summary>
    public static IReadOnlyList<string> Passwords { get; } = [AlicePassword, BobPassword, AliceApiPassword, BobApiPassword, BossApiPassword];

    public async Task InitializeAsync() => App = await AppProcess.StartAsync(
        "--listen",
        "--auth", $"alice:{AlicePassword},bob:{BobPassword}",
        "--api-auth", $"alice:{AliceApiPassword},bob:{BobApiPassword},boss:{BossApiPassword}",
        "--admin", "boss",
        "--cors-allow-origins", AllowedOrigin,

        // The LAN tests fail logins on purpose, more often than the default lockout allows in a minute.
        "--login-failures-per-minute", "1000",
        "--cpu",
        "--models-dir", Path.Combine(_temp.FullName, "models"),
        "--data-dir", DataPath);

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        _temp.Delete(recursive: true);
    }

    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    public HttpClient Browser(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = App.BaseAddress };

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>A hub connection with HTTP Basic credentials (or none), not yet started.</summary>
    public HubConnection Hub(string? user, string? password) => new HubConnectionBuilder()
        .WithUrl(new Uri(App.BaseAddress, GenerationHub.Path), options =>
        {
            if (user is not null)
            {
                options.Headers["Authorization"] = Basic(user, password!).ToString();
            }
        })
        .Build();

    /// <summary>GET /login and the antiforgery token of its form.</summary>
    public static async Task<string> LoginTokenAsync(HttpClient browser, string path = "/login")
    {
        var html = await browser.GetStringAsync(new Uri(path, UriKind.Relative));
        return TokenField().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("No antiforgery token in:\n" + html);
    }

    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    public static partial Regex TokenField();
}

[CollectionDefinition(Name)]
public sealed class LanAppCollection : ICollectionFixture<LanAppFixture>
{
    public const string Name = "LAN app";
}
