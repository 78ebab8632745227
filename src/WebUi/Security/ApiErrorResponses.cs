using WebUi.Api;

namespace WebUi.Security;

/// <summary>
/// A1111's JSON error shape (api.py <c>handle_exception</c>): <c>{"error","detail","body","errors"}</c>. Like A1111, the
/// 401 carries no <c>WWW-Authenticate</c>, so a browser never pops up its own password dialog for the API.
/// </summary>
public static class ApiErrorResponses
{
    public const string NotAuthenticated = "Not authenticated";
    public const string IncorrectCredentials = "Incorrect username or password";

    public static Task WriteAsync(HttpContext context, int statusCode, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = statusCode;
        return context.Response.WriteAsJsonAsync(
            new ApiError("HTTPException", detail, "", $"{statusCode}: {detail}"), ApiJson.Output, context.RequestAborted);
    }
}
