using System.Security.Claims;

namespace WebUi.Security;

/// <summary>
/// HTTP Basic for every path under <c>/sdapi</c> and <c>/hubs</c> (A1111's <c>--api-auth</c>): a request without valid
/// API credentials gets A1111's 401 JSON before any endpoint runs, so a new API route is protected without opting in.
/// The hubs also take a logged-in browser's cookie. On success the request's user is the API user, whose name is the
/// owner id of its jobs (<see cref="CallerIdentity"/>). CORS preflights (which never carry credentials) are answered by
/// the CORS middleware before this one.
/// Wrong credentials count towards the caller's <see cref="LoginFailureLimiter"/> lockout (429 with <c>Retry-After</c>).
/// </summary>
public sealed class ApiAuthenticationMiddleware(
    RequestDelegate next, UserDirectory users, LoginFailureLimiter failures, ILogger<ApiAuthenticationMiddleware> logger)
{
    /// <summary>The authentication type of principals made from Basic credentials.</summary>
    public const string AuthenticationType = "ApiBasic";

    /// <summary>Path prefixes this middleware guards.</summary>
    public static readonly PathString[] ProtectedPaths = ["/sdapi", "/hubs"];

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!users.ApiRequiresLogin || !IsProtected(context.Request.Path)
            || (context.Request.Path.StartsWithSegments("/hubs") && context.User.Identity?.IsAuthenticated == true))
        {
            await next(context);
            return;
        }

        if (!context.Request.Headers.ContainsKey("Authorization"))
        {
            await ApiErrorResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, ApiErrorResponses.NotAuthenticated);
            return;
        }

        if (failures.IsLockedOut(context, out var retryAfter))
        {
            await ApiErrorResponses.WriteAsync(context, StatusCodes.Status429TooManyRequests, LoginFailureLimiter.Refuse(context, retryAfter));
            return;
        }

        if (!BasicCredentials.TryRead(context.Request, out var name, out var password) || users.VerifyApi(name, password) is not { } user)
        {
            failures.RecordFailure(context);

            // The name is not logged either: users sometimes type their password into the name field.
            logger.LogWarning("API request to {Path} from {Address} refused: wrong credentials", context.Request.Path, context.Connection.RemoteIpAddress);
            await ApiErrorResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, ApiErrorResponses.IncorrectCredentials);
            return;
        }

        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name)], AuthenticationType));
        await next(context);
    }

    public static bool IsProtected(PathString path) => ProtectedPaths.Any(path.StartsWithSegments);
}
