using WebUi.Security;

namespace WebUi.Tests.Security;

public sealed class UserDirectoryTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("webui-users-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public void Load_NoCredentials_IsOpen()
    {
        var users = Load(new SecurityOptions());

        Assert.True(users.IsOpen);
        Assert.False(users.UiRequiresLogin);
        Assert.False(users.ApiRequiresLogin);
    }

    [Fact]
    public void Load_UiAuthOnly_ApiTakesTheUiLogins()
    {
        var users = Load(new SecurityOptions { Auth = "alice:pa:ss,bob:x" });

        Assert.True(users.UiRequiresLogin);
        Assert.True(users.ApiRequiresLogin);
        Assert.Equal("alice", users.VerifyApi("alice", "pa:ss")?.Name);
        Assert.Equal("bob", users.VerifyUi("bob", "x")?.Name);
        Assert.Null(users.VerifyUi("alice", "pa"));
        Assert.Null(users.VerifyUi("alice", "pa:ss "));
        Assert.Null(users.VerifyUi("Alice", "pa:ss"));
    }

    [Fact]
    public void Load_ApiAuth_ReplacesTheUiLoginsForTheApiOnly()
    {
        var users = Load(new SecurityOptions { Auth = "alice:ui", ApiAuth = "alice:api,robot:r" });

        Assert.Null(users.VerifyApi("alice", "ui"));
        Assert.Equal("alice", users.VerifyApi("alice", "api")?.Name);
        Assert.Equal("robot", users.VerifyApi("robot", "r")?.Name);
        Assert.Null(users.VerifyUi("robot", "r"));
        Assert.Equal("alice", users.VerifyUi("alice", "ui")?.Name);
    }

    [Fact]
    public void Load_AuthFile_AddsUiLoginsPerLineAndComma()
    {
        var file = Path.Combine(_temp.FullName, "logins.txt");
        File.WriteAllText(file, "carol:c1\n\n dave:d1 , erin:e1\r\n");

        var users = Load(new SecurityOptions { Auth = "alice:a", AuthFile = file, Admins = "erin" });

        Assert.All(new[] { ("alice", "a"), ("carol", "c1"), ("dave", "d1"), ("erin", "e1") }, login =>
            Assert.Equal(login.Item1, users.VerifyUi(login.Item1, login.Item2)?.Name));
        Assert.True(users.IsAdmin("erin"));
        Assert.False(users.IsAdmin("alice"));
    }

    [Theory]
    [InlineData("alice", "--auth: entry 1 is not of the form user:password")]
    [InlineData("alice:", "--auth: entry 1 is not of the form user:password")]
    [InlineData("ok:1,:secretvalue", "--auth: entry 2 is not of the form user:password")]
    [InlineData("alice:1,alice:2", "--auth: entry 2 repeats the user name")]
    public void Load_MalformedAuth_NamesTheEntryButNeverItsText(string auth, string expected)
    {
        var errors = new List<string>();

        Assert.Null(UserDirectory.Load(new SecurityOptions { Auth = auth }, errors));
        var message = Assert.Single(errors);
        Assert.StartsWith(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("secretvalue", message, StringComparison.Ordinal);
        Assert.DoesNotContain(":2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AdminWhoIsNoUser_IsAnError()
    {
        var errors = new List<string>();

        Assert.Null(UserDirectory.Load(new SecurityOptions { Auth = "alice:a", Admins = "root" }, errors));
        Assert.Contains("--admin: 'root' is not a user", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingAuthFile_IsAnError()
    {
        var errors = new List<string>();

        Assert.Null(UserDirectory.Load(new SecurityOptions { AuthFile = Path.Combine(_temp.FullName, "none.txt") }, errors));
        Assert.Contains("does not exist", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Credential_StampChangesWithThePassword()
    {
        Assert.Equal(new Credential("alice", "one").Stamp, new Credential("alice", "one").Stamp);
        Assert.NotEqual(new Credential("alice", "one").Stamp, new Credential("alice", "two").Stamp);
        Assert.DoesNotContain("one", new Credential("alice", "one").Stamp, StringComparison.Ordinal);
    }

    private static UserDirectory Load(SecurityOptions options)
    {
        var errors = new List<string>();
        var users = UserDirectory.Load(options, errors);
        Assert.Empty(errors);
        return users!;
    }
}
