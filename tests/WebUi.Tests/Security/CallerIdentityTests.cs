using System.Security.Claims;
using WebUi.Security;

namespace WebUi.Tests.Security;

public sealed class CallerIdentityTests
{
    private static readonly UserDirectory s_users = UserDirectory.Load(new SecurityOptions { Auth = "alice:a,boss:b", Admins = "boss" }, [])!;

    [Fact]
    public void From_LoggedInUser_OwnsJobsUnderTheUserNameNotTheBrowser()
    {
        var caller = CallerIdentity.From(User("alice"), "0123456789abcdef0123456789abcdef", s_users);

        Assert.Equal(new CallerIdentity("alice", IsAdmin: false, UserName: "alice"), caller);
    }

    [Fact]
    public void From_Admin_IsAdmin() => Assert.True(CallerIdentity.From(User("boss"), null, s_users).IsAdmin);

    [Fact]
    public void From_Anonymous_KeepsTheBrowserIdAndIsNoAdminWhenLoginsExist()
    {
        Assert.Equal(new CallerIdentity("browser-1", false, null), CallerIdentity.From(new ClaimsPrincipal(), "browser-1", s_users));
        Assert.Equal(CallerIdentity.Anonymous, CallerIdentity.From(null, null, s_users).OwnerId);
    }

    [Fact]
    public void From_OpenApp_BrowserIsItsOwnOwnerAndNoAdmin()
    {
        var caller = CallerIdentity.From(new ClaimsPrincipal(), "browser-1", UserDirectory.Open);

        Assert.Equal("browser-1", caller.OwnerId);
        Assert.False(caller.IsAdmin);
    }

    private static ClaimsPrincipal User(string name) => new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "test"));
}
