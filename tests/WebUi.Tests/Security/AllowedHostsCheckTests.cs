using WebUi.Security;

namespace WebUi.Tests.Security;

/// <summary>Which Host names the app answers for --listen and --allowed-hosts.</summary>
public sealed class AllowedHostsCheckTests
{
    [Fact]
    public void Loopback_WithoutAllowedHosts_AnswersLoopbackNamesOnly()
    {
        var allowed = AllowedHostsCheck.Allowed(null, listen: false);

        Assert.NotNull(allowed);
        Assert.True(allowed.SetEquals(["localhost", "127.0.0.1", "[::1]"]));
        Assert.Contains("LOCALHOST", allowed);
    }

    [Fact]
    public void Listen_WithoutAllowedHosts_AnswersAnyHost() => Assert.Null(AllowedHostsCheck.Allowed("", listen: true));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AllowedHosts_AreExactlyThoseNamed(bool listen)
    {
        var allowed = AllowedHostsCheck.Allowed(" gpu-box.lan , 192.168.1.20 ", listen);

        Assert.NotNull(allowed);
        Assert.True(allowed.SetEquals(["gpu-box.lan", "192.168.1.20"]));
    }

    [Fact]
    public void AllowedHostsStar_AnswersAnyHost() => Assert.Null(AllowedHostsCheck.Allowed("*", listen: false));
}
