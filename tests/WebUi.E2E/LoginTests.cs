using Microsoft.Playwright;

namespace WebUi.E2E;

/// <summary>The login page of an app started with --auth, in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LoginTests(BrowserFixture fixture)
{
    private const string Password = "E2e-Alice-pw-41";

    [SkippableFact]
    public async Task Login_ThroughThePage_OpensTheAppAndLogoutClosesIt()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var server = await AppServer.StartAsync("--auth", $"alice:{Password}");
        await using var context = await NewContextAsync(server, 1280, 800, "en-US");
        var page = await context.NewPageAsync();

        await page.GotoAsync("/txt2img");
        await page.WaitForURLAsync("**/login?returnUrl=%2Ftxt2img");
        await Screenshots.SaveAsync(page, "login", "desktop");

        await page.Locator("#username").FillAsync("alice");
        await page.Locator("#password").FillAsync("not-the-password");
        await page.Locator("#login-submit").ClickAsync();
        await Assertions.Expect(page.Locator("#login-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#username")).ToHaveValueAsync("alice");
        await Assertions.Expect(page.Locator("#password")).ToHaveValueAsync("");
        await Screenshots.SaveAsync(page, "login", "desktop-error");

        await page.Locator("#password").FillAsync(Password);
        await page.Locator("#login-submit").ClickAsync();
        await page.WaitForURLAsync("**/txt2img");
        await AppPage.WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator("#logged-in-user")).ToHaveTextAsync("alice");

        await page.Locator("#logout-button").ClickAsync();
        await page.WaitForURLAsync("**/login");
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/login?returnUrl=%2F");
        Assert.DoesNotContain(Password, server.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task LoginPage_Phone_FitsTheScreenInJapanese()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        await using var server = await AppServer.StartAsync("--auth", $"alice:{Password}");
        await using var context = await NewContextAsync(server, 390, 844, "ja-JP");
        var page = await context.NewPageAsync();

        await page.GotoAsync("/login");

        await Assertions.Expect(page.Locator("#login-submit")).ToHaveTextAsync("ログイン");
        await Assertions.Expect(page.Locator("#login-submit")).ToBeInViewportAsync();
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the login page scrolls sideways by {overflow}px");
        await Screenshots.SaveAsync(page, "login", "phone-ja");
    }

    private Task<IBrowserContext> NewContextAsync(AppServer server, int width, int height, string locale) =>
        fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
        });
}
