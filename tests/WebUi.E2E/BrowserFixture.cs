using Microsoft.Playwright;

namespace WebUi.E2E;

/// <summary>
/// One app and one headless Chromium (Debian's /usr/bin/chromium, never a downloaded browser) shared by the tests of a
/// collection. When the browser is missing, <see cref="SkipReason"/> says so and every test skips with that reason.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public AppServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string? SkipReason { get; private set; }

    /// <summary>$SCREENSHOT_DIR, or TestResults/screenshots beside the test project.</summary>
    public static string ScreenshotDirectory { get; } =
        Environment.GetEnvironmentVariable("SCREENSHOT_DIR") is { Length: > 0 } configured
            ? configured
            : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "screenshots"));

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            SkipReason = $"{ChromiumPath} is not installed (apt-get install chromium); browser tests need it.";
            return;
        }

        // CI runs the three test assemblies at once on two cores: give a loaded machine room before an expectation
        // fails. It is an upper bound, never a wait: an expectation returns as soon as it holds.
        Assertions.SetDefaultExpectTimeout(15_000);
        Server = await AppServer.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    /// <summary>A fresh browser context (own cookies) at the given viewport and Accept-Language.</summary>
    public Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 800, string locale = "en-US") =>
        NewContextAsync(Server, width, height, locale);

    /// <summary>A fresh browser context on <paramref name="server"/>, for tests that start (and restart) an app of their own.</summary>
    public Task<IBrowserContext> NewContextAsync(AppServer server, int width = 1280, int height = 800, string locale = "en-US") =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
            IsMobile = width < 600,
            HasTouch = width < 600,
        });
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
