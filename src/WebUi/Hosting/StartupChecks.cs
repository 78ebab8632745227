using WebUi.Security;

namespace WebUi.Hosting;

/// <summary>Checks that refuse to start the app with settings that would be unsafe or cannot work.</summary>
public static class StartupChecks
{
    /// <summary>Returns a message explaining why the app must not start, or null when it may. It never repeats a secret.</summary>
    public static string? Validate(IConfiguration configuration)
    {
        var options = configuration.GetSection(WebUiOptions.SectionName).Get<WebUiOptions>() ?? new WebUiOptions();
        var security = configuration.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>() ?? new SecurityOptions();
        var errors = new List<string>();
        var users = UserDirectory.Load(security, errors);
        if (users is null)
        {
            return "Refusing to start: " + string.Join(" ", errors);
        }

        // The API needs no check of its own: with --auth it takes the UI's logins whenever --api-auth is not given.
        if (options.Listen && !options.AllowListenWithoutAuth && !users.UiRequiresLogin)
        {
            return "Refusing to listen on all network interfaces (--listen) without a login: anyone on your network could " +
                   "use your GPU and read your gallery. Add --auth user:password (the web UI login; the API and /hubs then " +
                   "take the same credentials unless --api-auth gives them their own), or run without --listen to stay on " +
                   "127.0.0.1. To share the app with no login at all, add --unsafe-listen-without-auth.";
        }

        return null;
    }
}
