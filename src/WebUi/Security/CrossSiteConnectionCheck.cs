namespace WebUi.Security;

/// <summary>
/// Refuses connections to the hubs and the Blazor circuit that a page of another site opens (cross-site WebSocket
/// hijacking): WebSockets are not covered by CORS, so without this check any web page a user visits could drive an
/// open app on 127.0.0.1. A request whose Origin names another host (and no origin of <c>--cors-allow-origins</c>)
/// gets 403; clients that are not browsers send no Origin and are unaffected.
/// </summary>
public sealed class CrossSiteConnectionCheck(RequestDelegate next, SecurityOptions options)
{
    private static readonly PathString[] s_paths = ["/hubs", "/_blazor"];

    private readonly HashSet<string> _allowedOrigins = new(
        (options.CorsAllowOrigins ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => o.TrimEnd('/')),
        StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && s_paths.Any(context.Request.Path.StartsWithSegments) && !IsAllowed(origin, context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("Cross-site connections are refused.", context.RequestAborted);
            return;
        }

        await next(context);
    }

    // The scheme is not compared: behind a TLS-terminating proxy the page is https while the app sees http.
    private bool IsAllowed(string origin, HttpRequest request) =>
        _allowedOrigins.Contains(origin.TrimEnd('/'))
        || (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
}
