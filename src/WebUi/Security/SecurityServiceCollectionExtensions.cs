using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace WebUi.Security;

/// <summary>
/// Puts the LAN-sharing protections together: the login cookie and the rule that every page, file and hub needs it
/// when <c>--auth</c> is set, HTTP Basic for the API and the hub, CORS for <c>/sdapi</c> only when configured, body
/// size limits and security headers.
/// </summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>The CORS policy applied to <c>/sdapi</c> when <c>--cors-allow-origins</c> names origins.</summary>
    public const string ApiCorsPolicy = "SdApi";

    public static WebApplicationBuilder AddWebUiSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = builder.Configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>() ?? new SecurityOptions();
        var errors = new List<string>();
        var users = UserDirectory.Load(options, errors)
            ?? throw new InvalidOperationException(string.Join(" ", errors)); // StartupChecks refuses these before we get here.
        services.AddSingleton(options);
        services.AddSingleton(users);
        services.AddSingleton(new LoginFailureLimiter(Math.Max(1, options.LoginFailuresPerMinute)));

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBodyLimits.Default);

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = "sdwebui.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = LoginEndpoints.LoginPath;
            cookie.LogoutPath = LoginEndpoints.LogoutPath;
            cookie.AccessDeniedPath = LoginEndpoints.LoginPath;
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.ExpireTimeSpan = TimeSpan.FromDays(30);
            cookie.SlidingExpiration = true;
            cookie.Events.OnRedirectToLogin = RedirectPagesOnlyAsync;
            cookie.Events.OnValidatePrincipal = ValidateLoginAsync;
        });

        // With --auth, everything without an explicit AllowAnonymous needs a logged-in user: pages, the circuit, gallery
        // files, the hub. /sdapi is let through here only because ApiAuthenticationMiddleware already authenticated it.
        services.AddAuthorization(authorization =>
        {
            if (users.UiRequiresLogin)
            {
                authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            }
        });

        var origins = (options.CorsAllowOrigins ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        services.AddCors(cors => cors.AddPolicy(ApiCorsPolicy, policy =>
        {
            // A1111's configure_cors_middleware: the listed origins, any method and header, with credentials.
            if (origins.Length > 0)
            {
                policy.WithOrigins(origins).AllowAnyMethod().AllowAnyHeader().AllowCredentials();
            }
        }));
        return builder;
    }

    /// <summary>
    /// Answers only the hosts <see cref="AllowedHostsCheck"/> allows for <c>--allowed-hosts</c> and <c>--listen</c>;
    /// call first, so that no file or page is served to a foreign host name.
    /// </summary>
    public static IApplicationBuilder UseAllowedHosts(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<SecurityOptions>();
        var listen = app.ApplicationServices.GetRequiredService<IOptions<WebUiOptions>>().Value.Listen;
        var allowed = AllowedHostsCheck.Allowed(options.AllowedHosts, listen);
        return allowed is null ? app : app.UseMiddleware<AllowedHostsCheck>(allowed);
    }

    /// <summary>
    /// The security middleware, in order: the API's body limit, the cross-site connection check, CORS for <c>/sdapi</c>, the login cookie, Basic
    /// for the API and the hubs, then authorization. Call after static files and before antiforgery and the endpoints.
    /// </summary>
    public static IApplicationBuilder UseWebUiSecurity(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<SecurityOptions>();
        app.UseApiRequestBodyLimit();
        app.UseMiddleware<CrossSiteConnectionCheck>();
        if (!string.IsNullOrWhiteSpace(options.CorsAllowOrigins))
        {
            app.UseWhen(context => context.Request.Path.StartsWithSegments("/sdapi"), api => api.UseCors(ApiCorsPolicy));
        }

        app.UseAuthentication();
        app.UseMiddleware<ApiAuthenticationMiddleware>();
        app.UseAuthorization();
        return app;
    }

    // Browsers navigating to a page are sent to the login page; the circuit, the hub and fetches get a plain 401.
    private static Task RedirectPagesOnlyAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var request = context.Request;
        var isNavigation = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        if (isNavigation)
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { error = "Unauthorized", detail = "Log in first." }));
    }

    // A cookie stays valid only while its user still exists with the same password (the logins come from the command line).
    private static async Task ValidateLoginAsync(CookieValidatePrincipalContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<UserDirectory>();
        var name = context.Principal?.Identity?.Name;
        var stamp = context.Principal?.FindFirst(LoginEndpoints.StampClaim)?.Value;
        if (name is null || users.FindUiUser(name) is not { } user || !string.Equals(user.Stamp, stamp, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
