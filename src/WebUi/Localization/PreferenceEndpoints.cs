namespace WebUi.Localization;

/// <summary>
/// <c>GET /ui/preferences?lang=ja&amp;theme=light&amp;returnUrl=/pnginfo</c>: writes the language and theme cookies and
/// redirects back. A plain HTTP round trip, so the choice is in place before the next page renders on the server.
/// Open without a login (the login page switches language too); a cross-site link can at worst change the language
/// or theme, and only ever redirects to a local path.
/// </summary>
public static class PreferenceEndpoints
{
    public const string Path = "/ui/preferences";

    public static IEndpointRouteBuilder MapUiPreferences(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext context, string? lang, string? theme, string? returnUrl) =>
        {
            var cookie = new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                SameSite = SameSiteMode.Lax,
                HttpOnly = true,
                IsEssential = true,
            };
            if (UiPreferences.Normalize(lang) is { } language)
            {
                context.Response.Cookies.Append(UiPreferences.LanguageCookie, language, cookie);
            }

            if (theme is "dark" or "light")
            {
                context.Response.Cookies.Append(UiPreferences.ThemeCookie, theme, cookie);
            }

            // Only local paths: a crafted link must not bounce the browser to another site.
            var target = IsLocal(returnUrl) ? returnUrl! : "/";
            return Results.LocalRedirect(target);
        }).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    internal static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
