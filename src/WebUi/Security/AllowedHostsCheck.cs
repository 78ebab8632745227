namespace WebUi.Security;

/// <summary>
/// DNS-rebinding protection: a web page of another site can point its own host name at 127.0.0.1 and then read the
/// app as same-origin. The browser still sends that foreign name as <c>Host</c>, so an app listening on loopback only
/// answers Host localhost, 127.0.0.1 and [::1]; any other gets 400 with the reason. With <c>--listen</c> every host
/// is answered (the LAN reaches it by address or by any local name) unless <c>--allowed-hosts</c> lists them.
/// </summary>
public sealed class AllowedHostsCheck(RequestDelegate next, IReadOnlySet<string>? allowed)
{
    /// <summary>Names answered by an app that listens on loopback only.</summary>
    public static readonly IReadOnlyList<string> LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.Request.Host.Host;
        if (allowed is not null && !allowed.Contains(host))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(
                $"This app does not answer requests for host '{host}' (allowed: {string.Join(", ", allowed)}). Open it as "
                + "http://127.0.0.1 or http://localhost, or start it with --allowed-hosts naming this host.",
                context.RequestAborted);
            return;
        }

        await next(context);
    }

    /// <summary>The hosts to answer for these settings; null means any.</summary>
    public static IReadOnlySet<string>? Allowed(string? allowedHosts, bool listen)
    {
        var names = (allowedHosts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Contains("*", StringComparer.Ordinal) || (names.Length == 0 && listen))
        {
            return null;
        }

        return new HashSet<string>(names.Length > 0 ? names : LoopbackNames, StringComparer.OrdinalIgnoreCase);
    }
}
