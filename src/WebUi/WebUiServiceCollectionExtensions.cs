using MudBlazor.Services;
using WebUi.Components;

namespace WebUi;

/// <summary>Puts the web app together: options, the engine, MudBlazor, Kestrel's address, the Razor components.</summary>
public static class WebUiServiceCollectionExtensions
{
    public static WebApplicationBuilder AddWebUi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebUiOptions>()
            .BindConfiguration(WebUiOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(WebUiOptions.SectionName).Get<WebUiOptions>() ?? new WebUiOptions();
        var host = options.Listen ? "0.0.0.0" : "127.0.0.1";
        builder.WebHost.UseUrls(FormattableString.Invariant($"http://{host}:{options.Port}"));

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        return builder;
    }

    public static WebApplication UseWebUi(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
