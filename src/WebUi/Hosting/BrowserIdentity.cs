using System.Security.Cryptography;
using WebUi.Security;

namespace WebUi.Hosting;

/// <summary>
/// Who a circuit is, for job ownership (only the owner or an admin may cancel a job). Logged in (<c>--auth</c>), it is
/// the user name, so a user's jobs follow them across browsers; with no login it is an opaque random id kept in a
/// cookie, per browser. The middleware gives every browser the cookie on its first request; a circuit reads both from
/// the connecting request.
/// </summary>
public sealed class BrowserIdentity(IHttpContextAccessor http, UserDirectory users)
{
    public const string CookieName = "sdwebui.uid";

    private CallerIdentity? _caller;

    /// <summary>The owner id of this circuit's jobs: the login name, else this browser's id, else a per-circuit id.</summary>
    public string Id => Caller.OwnerId;

    /// <summary>May cancel, interrupt and skip anyone's jobs.</summary>
    public bool IsAdmin => Caller.IsAdmin;

    /// <summary>The login name, when the app asks for a login.</summary>
    public string? UserName => Caller.UserName;

    private CallerIdentity Caller => _caller ??= Resolve();

    /// <summary>Sets the cookie on responses to browsers that have none yet.</summary>
    public static async Task EnsureCookieAsync(HttpContext context, Func<Task> next)
    {
        if (ReadCookie(context) is null)
        {
            var id = NewId();
            context.Items[CookieName] = id;
            context.Response.Cookies.Append(CookieName, id, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                IsEssential = true,
                MaxAge = TimeSpan.FromDays(3650),
            });
        }

        await next();
    }

    /// <summary>The browser id of <paramref name="context"/>'s cookie (or the one just issued), or null.</summary>
    public static string? ReadCookie(HttpContext? context)
    {
        if (context is null)
        {
            return null;
        }

        if (context.Request.Cookies.TryGetValue(CookieName, out var value) && value.Length == 32 && value.All(char.IsAsciiHexDigit))
        {
            return value;
        }

        return context.Items.TryGetValue(CookieName, out var fresh) ? fresh as string : null;
    }

    private CallerIdentity Resolve()
    {
        var context = http.HttpContext;
        return CallerIdentity.From(context?.User, ReadCookie(context) ?? "anon-" + NewId(), users);
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
