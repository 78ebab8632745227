using System.Text.Encodings.Web;
using System.Text.Unicode;
using Engine;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.FileProviders;
using MudBlazor.Services;
using WebUi.Api;
using WebUi.Components;
using WebUi.Hosting;
using WebUi.Hubs;
using WebUi.Localization;
using WebUi.ModelImport;
using WebUi.Security;
using WebUi.Services;
using WebUi.Settings;

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

        // run.sh starts the build output, not a publish folder: its static web assets (MudBlazor's css/js, wwwroot-assets)
        // are found through the build's runtime manifest, which ASP.NET Core only reads by itself in Development.
        builder.WebHost.UseStaticWebAssets();

        // Antiforgery and circuit keys survive restarts, so open tabs keep working after the app is restarted.
        var dataPath = Path.GetFullPath(options.DataPath);
        services.AddDataProtection()
            .SetApplicationName("CoolJapanDiffusionWebUi")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataPath, "keys")));

        services.AddEngine(builder.Configuration);
        services.AddSingleton<ModelSelectionService>();
        services.AddHostedService<ModelStartupService>();
        services.AddGenerationServices(builder.Configuration);
        services.AddModelImport(builder.Configuration);
        services.AddWebUiShell();
        services.AddHttpContextAccessor();
        services.AddScoped<BrowserIdentity>();
        builder.AddWebUiSecurity();
        services.AddGenerationHub();
        services.AddSdApi();

        // Japanese and other non-Latin text is written as itself, not as numeric character references.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
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
        app.UseSecurityHeaders();
        app.UseAllowedHosts();
        app.Use(BrowserIdentity.EnsureCookieAsync);

        // The app's own css and icons are public (the login page uses them), so they are served before any login check.
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot-assets")),
        });
        app.UseWebUiSecurity();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapUiPreferences();
        app.MapLogin();
        app.MapGalleryFiles();
        app.MapGenerationHub();
        app.MapSdApi();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
