using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using WebUi.Hosting;
using WebUi.Infotext;
using WebUi.Localization;
using WebUi.Security;

namespace WebUi.Tests.Components;

/// <summary>
/// A bUnit context with MudBlazor, loose JS interop and the shell's services. MudBlazor registers services that are
/// only IAsyncDisposable, so the context is disposed asynchronously (IAsyncLifetime), never with Dispose().
/// </summary>
public abstract class ShellComponentTest : IAsyncLifetime
{
    protected ShellComponentTest()
    {
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddSingleton(Preferences);
        Context.Services.AddScoped<UiText>();
        Context.Services.AddScoped<ParametersTransfer>();
        Context.Services.AddSingleton<IHttpContextAccessor>(new HttpContextAccessor());
        Context.Services.AddSingleton(UserDirectory.Open);
        Context.Services.AddScoped<BrowserIdentity>();
    }

    protected BunitContext Context { get; } = new();

    protected UiPreferences Preferences { get; } = new();

    // Runs after the derived class's constructor has registered its services; touching the renderer freezes them.
    public Task InitializeAsync()
    {
        Context.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync() => await Context.DisposeAsync();
}
