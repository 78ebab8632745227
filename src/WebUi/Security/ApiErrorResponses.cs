using System.Text.Json;

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
        context.Response.ContentType = "application/json";
        var body = new Dictionary<string, string>
        {
            ["error"] = "HTTPException",
            ["detail"] = detail,
            ["body"] = "",
            ["errors"] = $"{statusCode}: {detail}",
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}
