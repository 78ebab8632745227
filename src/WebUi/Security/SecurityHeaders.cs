namespace WebUi.Security;

/// <summary>
/// Headers on every response that cost Blazor and MudBlazor nothing: no MIME sniffing, no framing by other sites
/// (clickjacking), and no full URLs (with their query strings) leaked to other sites in the Referer header. A full
/// Content-Security-Policy is left out on purpose: Blazor Server and MudBlazor need inline styles and eval-free but
/// dynamic script loading that a strict policy would have to allow anyway.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        await next(context);
    });
}
