using WebUi.Infotext;
using WebUi.Localization;

namespace WebUi.Settings;

/// <summary>The services behind the app shell: language, theme, user settings, and the "send to" hand-over.</summary>
public static class ShellServiceCollectionExtensions
{
    public static IServiceCollection AddWebUiShell(this IServiceCollection services)
    {
        services.AddScoped<UiPreferences>();
        services.AddScoped<UiText>();
        services.AddScoped<ParametersTransfer>();
        services.AddSingleton<UserSettingsService>();
        return services;
    }
}
