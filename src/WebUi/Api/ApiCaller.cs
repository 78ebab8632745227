namespace WebUi.Api;

/// <summary>Who an API request is for on the queue: "api", or "api:&lt;user&gt;" when HTTP authentication named a user.</summary>
public static class ApiCaller
{
    /// <summary>The queue owner id of API jobs without a user.</summary>
    public const string AnonymousOwner = "api";

    public static string OwnerId(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var name = http.User.Identity?.IsAuthenticated == true ? http.User.Identity.Name : null;
        return string.IsNullOrEmpty(name) ? AnonymousOwner : AnonymousOwner + ":" + name;
    }
}
