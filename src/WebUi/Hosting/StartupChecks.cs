namespace WebUi.Hosting;

/// <summary>Checks that refuse to start the app with settings that would be unsafe or cannot work.</summary>
public static class StartupChecks
{
    /// <summary>Returns a message explaining why the app must not start, or null when it may.</summary>
    public static string? Validate(IConfiguration configuration)
    {
        var options = configuration.GetSection(WebUiOptions.SectionName).Get<WebUiOptions>() ?? new WebUiOptions();
        if (options.Listen && !options.AllowListenWithoutAuth)
        {
            return "Refusing to listen on all network interfaces (--listen): no login protects this app yet, so anyone on your " +
                   "network could use your GPU and read your gallery. Run without --listen to stay on 127.0.0.1, or add " +
                   "--unsafe-listen-without-auth if you really want that.";
        }

        return null;
    }
}
