using Microsoft.Extensions.Configuration;
using WebUi.Hosting;

namespace WebUi.Tests.Hosting;

public sealed class StartupChecksTests
{
    [Fact]
    public void Validate_ListenWithoutConsent_IsRefusedWithReason()
    {
        var message = StartupChecks.Validate(Config(("WebUi:Listen", "true")));

        Assert.NotNull(message);
        Assert.Contains("--unsafe-listen-without-auth", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ListenWithExplicitConsent_IsAllowed()
    {
        Assert.Null(StartupChecks.Validate(Config(("WebUi:Listen", "true"), ("WebUi:AllowListenWithoutAuth", "true"))));
    }

    [Fact]
    public void Validate_ListenWithUiLogin_IsAllowed()
    {
        Assert.Null(StartupChecks.Validate(Config(("WebUi:Listen", "true"), ("Security:Auth", "alice:pw"))));
        Assert.Null(StartupChecks.Validate(Config(("WebUi:Listen", "true"), ("Security:Auth", "alice:pw"), ("Security:ApiAuth", "robot:r"))));
    }

    [Fact]
    public void Validate_ListenWithApiLoginOnly_IsRefusedBecauseTheUiWouldBeOpen()
    {
        var message = StartupChecks.Validate(Config(("WebUi:Listen", "true"), ("Security:ApiAuth", "robot:r")));

        Assert.NotNull(message);
        Assert.Contains("--auth user:password", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MalformedLogin_IsRefusedWithoutRepeatingIt()
    {
        var message = StartupChecks.Validate(Config(("Security:Auth", "alice-without-password-hunter2")));

        Assert.NotNull(message);
        Assert.Contains("--auth: entry 1", message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Loopback_IsAllowed()
    {
        Assert.Null(StartupChecks.Validate(Config()));
    }

    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();
}
