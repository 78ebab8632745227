using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using WebUi.Components.Account;
using WebUi.Localization;

namespace WebUi.Security;

/// <summary>
/// The web UI login (<c>--auth</c>): <c>GET /login</c> renders <see cref="LoginPage"/> with an antiforgery token,
/// <c>POST /login</c> checks the token and the credentials and sets the login cookie, <c>POST /logout</c> (also
/// token-checked) removes it. Each is open to anonymous callers; without <c>--auth</c> they lead back to the app. Failed
/// logins count towards the address's <see cref="LoginFailureLimiter"/> lockout (429 with <c>Retry-After</c>).
/// </summary>
public static class LoginEndpoints
{
    public const string LoginPath = "/login";
    public const string LogoutPath = "/logout";

    /// <summary>Claim holding <see cref="Credential.Stamp"/>: a password change ends the sessions of the old one.</summary>
    public const string StampClaim = "sdwebui:stamp";

    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(LoginPath, (HttpContext context, UserDirectory users, IAntiforgery antiforgery, string? returnUrl) =>
            users.UiRequiresLogin ? Page(context, antiforgery, Target(returnUrl), userName: null, failed: false) : Results.LocalRedirect("/"))
            .AllowAnonymous().ExcludeFromDescription();

        endpoints.MapPost(LoginPath, LoginAsync).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapPost(LogoutPath, LogoutAsync).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> LoginAsync(
        HttpContext context, UserDirectory users, IAntiforgery antiforgery, LoginFailureLimiter failures, ILoggerFactory loggers)
    {
        if (!users.UiRequiresLogin)
        {
            return Results.LocalRedirect("/");
        }

        IFormCollection form;
        try
        {
            if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest("The login form has expired or did not come from this app. Reload the page and try again.");
            }

            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception ex) when (BadRequestStatus(ex) is { } status)
        {
            // A body past RequestBodyLimits.Default (413) or a broken form (400).
            return Results.Text(ex.Message, statusCode: status);
        }

        var name = form["username"].ToString();
        var target = Target(form["returnUrl"]);
        var logger = loggers.CreateLogger(typeof(LoginEndpoints));
        if (failures.IsLockedOut(context, out var retryAfter))
        {
            // Right or wrong, the password is not checked while the address is locked out.
            return Results.Text(LoginFailureLimiter.Refuse(context, retryAfter), statusCode: StatusCodes.Status429TooManyRequests);
        }

        if (users.VerifyUi(name, form["password"].ToString()) is not { } user)
        {
            failures.RecordFailure(context);
            // Neither name nor password is logged: people type passwords into the name field.
            logger.LogWarning("Login refused from {Address}: wrong user name or password", context.Connection.RemoteIpAddress);
            return Page(context, antiforgery, target, name, failed: true);
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Name), new Claim(StampClaim, user.Stamp)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = true });
        logger.LogInformation("User {User} logged in from {Address}", user.Name, context.Connection.RemoteIpAddress);
        return Results.LocalRedirect(target);
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        bool valid;
        try
        {
            valid = await antiforgery.IsRequestValidAsync(context);
        }
        catch (Exception ex) when (BadRequestStatus(ex) is { } status)
        {
            return Results.Text(ex.Message, statusCode: status);
        }

        if (!valid)
        {
            return Results.BadRequest("The logout form has expired or did not come from this app. Reload the page and try again.");
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect(LoginPath);
    }

    private static RazorComponentResult<LoginPage> Page(HttpContext context, IAntiforgery antiforgery, string returnUrl, string? userName, bool failed)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return new RazorComponentResult<LoginPage>(new Dictionary<string, object?>
        {
            [nameof(LoginPage.ReturnUrl)] = returnUrl,
            [nameof(LoginPage.UserName)] = userName,
            [nameof(LoginPage.Failed)] = failed,
            [nameof(LoginPage.TokenFieldName)] = tokens.FormFieldName,
            [nameof(LoginPage.Token)] = tokens.RequestToken,
            [nameof(LoginPage.Language)] = UiPreferences.ResolveLanguage(
                context.Request.Cookies[UiPreferences.LanguageCookie], context.Request.Headers.AcceptLanguage),
            [nameof(LoginPage.DarkMode)] = UiPreferences.ResolveDarkMode(context.Request.Cookies[UiPreferences.ThemeCookie]),
        })
        {
            // A failed attempt answers 401, so scripts see the failure without parsing the page.
            StatusCode = failed ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK,
        };
    }

    // Antiforgery wraps the failure to read the form (too large, malformed) in its own exception.
    private static int? BadRequestStatus(Exception ex) => ex switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        AntiforgeryValidationException { InnerException: BadHttpRequestException bad } => bad.StatusCode,
        AntiforgeryValidationException or InvalidDataException => StatusCodes.Status400BadRequest,
        _ => null,
    };

    // Only local paths: a crafted login link must not send the browser to another site after logging in.
    private static string Target(string? returnUrl) =>
        PreferenceEndpoints.IsLocal(returnUrl) && !returnUrl!.StartsWith(LoginPath, StringComparison.OrdinalIgnoreCase) ? returnUrl : "/";
}
