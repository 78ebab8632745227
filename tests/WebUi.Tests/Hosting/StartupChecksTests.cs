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
    public void Validate_Loopback_IsAllowed()
    {
        Assert.Null(StartupChecks.Validate(Config()));
    }

    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();
}
