using WebUi.Hosting;

namespace WebUi.Tests.Hosting;

public sealed class AppCommandLineTests
{
    [Fact]
    public void Parse_KnownOptions_MapToConfigurationKeys()
    {
        var parsed = AppCommandLine.Parse(["--port", "7861", "--models-dir", "/m", "--data-dir=/d", "--listen", "--cpu", "--device-id", "1"]);

        Assert.Empty(parsed.Errors);
        Assert.Equal("7861", parsed.Settings["WebUi:Port"]);
        Assert.Equal("/m", parsed.Settings["Engine:ModelsPath"]);
        Assert.Equal("/d", parsed.Settings["WebUi:DataPath"]);
        Assert.Equal("true", parsed.Settings["WebUi:Listen"]);
        Assert.Equal("Cpu", parsed.Settings["Engine:ExecutionProvider"]);
        Assert.Equal("1", parsed.Settings["Engine:CudaDeviceId"]);
    }

    [Fact]
    public void Parse_SecurityOptions_MapToTheSecuritySection()
    {
        var parsed = AppCommandLine.Parse([
            "--auth", "alice:pw:with:colons", "--api-auth=robot:r", "--auth-file", "logins.txt", "--admin", "alice",
            "--cors-allow-origins", "http://a.example,http://b.example", "--unsafe-listen-without-auth"]);

        Assert.Empty(parsed.Errors);
        Assert.Equal("alice:pw:with:colons", parsed.Settings["Security:Auth"]);
        Assert.Equal("robot:r", parsed.Settings["Security:ApiAuth"]);
        Assert.Equal("logins.txt", parsed.Settings["Security:AuthFile"]);
        Assert.Equal("alice", parsed.Settings["Security:Admins"]);
        Assert.Equal("http://a.example,http://b.example", parsed.Settings["Security:CorsAllowOrigins"]);
        Assert.Equal("true", parsed.Settings["WebUi:AllowListenWithoutAuth"]);
    }

    [Fact]
    public void Parse_RepeatedOption_LastOneWins()
    {
        var parsed = AppCommandLine.Parse(["--models-dir", "models", "--models-dir", "/srv/models"]);

        Assert.Equal("/srv/models", parsed.Settings["Engine:ModelsPath"]);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "Unknown option '--bogus'")]
    [InlineData(new[] { "--port" }, "'--port' needs a value")]
    [InlineData(new[] { "--port", "--listen" }, "'--port' needs a value")]
    [InlineData(new[] { "--port", "0" }, "whole number from 1 to 65535")]
    [InlineData(new[] { "--port", "70000" }, "whole number from 1 to 65535")]
    [InlineData(new[] { "--port", "-5" }, "not '-5'")]
    [InlineData(new[] { "--port", "12ab" }, "not '12ab'")]
    [InlineData(new[] { "--device-id", "x" }, "'--device-id' must be a whole number")]
    public void Parse_BadArguments_ExplainWhatIsWrong(string[] args, string expected)
    {
        var parsed = AppCommandLine.Parse(args);

        Assert.Contains(parsed.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_Help_IsRecognised()
    {
        Assert.True(AppCommandLine.Parse(["--help"]).HelpRequested);
        Assert.Contains("--models-dir", AppCommandLine.HelpText(), StringComparison.Ordinal);
    }
}
