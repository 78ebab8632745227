using Microsoft.AspNetCore.Http.Features;

namespace WebUi.Security;

/// <summary>
/// How large a request body may be: small by default (forms, the circuit's fallback transports), larger for
/// <c>/sdapi</c>, whose img2img requests carry base64 images (a 4096×4096 PNG is about 64 MB as base64 at worst).
/// Kestrel answers 413 when a body grows past its limit while being read.
/// </summary>
public static class RequestBodyLimits
{
    /// <summary>Every request outside <c>/sdapi</c>.</summary>
    public const long Default = 1L * 1024 * 1024;

    /// <summary>Requests under <c>/sdapi</c>.</summary>
    public const long Api = 64L * 1024 * 1024;

    /// <summary>Largest SignalR message a hub client may send (a txt2img request with the longest prompts is far smaller).</summary>
    public const long HubMessage = 512L * 1024;

    public static IApplicationBuilder UseApiRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/sdapi")
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = Api;
        }

        await next(context);
    });
}
