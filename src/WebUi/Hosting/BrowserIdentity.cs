using System.Security.Cryptography;

namespace WebUi.Hosting;

/// <summary>
/// Who a browser is, for job ownership (only the owner may cancel a job): an opaque random id kept in a cookie.
/// The middleware gives every browser one on its first request; a circuit reads it from the connecting request.
/// Real accounts come with --auth (issue 5); until then the id is per browser, not per person.
/// </summary>
public sealed class BrowserIdentity(IHttpContextAccessor http)
{
    public const string CookieName = "sdwebui.uid";

    private string? _id;

    /// <summary>This browser's id, or a per-circuit id when the cookie is unavailable.</summary>
    public string Id => _id ??= Read(http.HttpContext) ?? "anon-" + NewId();

    /// <summary>Sets the cookie on responses to browsers that have none yet.</summary>
    public static async Task EnsureCookieAsync(HttpContext context, Func<Task> next)
    {
        if (Read(context) is null)
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

    private static string? Read(HttpContext? context)
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

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
