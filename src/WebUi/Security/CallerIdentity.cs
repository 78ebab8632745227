using System.Security.Claims;
using WebUi.Hosting;

namespace WebUi.Security;

/// <summary>
/// Who is asking, for job ownership: the login name when the request is logged in (so a user's jobs follow them across
/// browsers and into the API and the hub), else the browser's cookie id, else <see cref="Anonymous"/>. Admins may
/// steer anyone's jobs. Unlike A1111, where anyone may interrupt anyone, an app without logins still keeps callers apart:
/// each browser (and all cookie-less API clients together) may steer only its own jobs.
/// </summary>
/// <param name="OwnerId">The owner id to queue jobs under and to check commands against.</param>
/// <param name="IsAdmin">May cancel, interrupt and skip other owners' jobs.</param>
/// <param name="UserName">The login name, when logged in.</param>
public sealed record CallerIdentity(string OwnerId, bool IsAdmin, string? UserName)
{
    /// <summary>The owner of jobs from callers with neither a login nor a browser cookie (API clients of an open app).</summary>
    public const string Anonymous = "anonymous";

    /// <summary>The caller of <paramref name="context"/> (the API's and the hub's helper; pages use <see cref="BrowserIdentity"/>).</summary>
    public static CallerIdentity From(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var users = context.RequestServices.GetRequiredService<UserDirectory>();
        return From(context.User, BrowserIdentity.ReadCookie(context), users);
    }

    public static CallerIdentity From(ClaimsPrincipal? user, string? browserId, UserDirectory users)
    {
        ArgumentNullException.ThrowIfNull(users);
        if (user?.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            return new CallerIdentity(name, users.IsAdmin(name), name);
        }

        return new CallerIdentity(browserId ?? Anonymous, IsAdmin: false, null);
    }
}
