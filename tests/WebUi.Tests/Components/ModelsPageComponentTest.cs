using Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WebUi.ModelImport;
using WebUi.Services;
using WebUi.Tests.ModelImport;

namespace WebUi.Tests.Components;

/// <summary>
/// A bUnit context for the Models page: the engine's model catalog, model selection and the real import service (a
/// fake hub downloader) over a temporary models and data folder, deleted when the test is disposed.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The folder is deleted in DisposeAsync, which xUnit calls.")]
public abstract class ModelsPageComponentTest : ShellComponentTest
{
    protected ModelsPageComponentTest()
    {
        Context.Services.AddLogging();
        Context.Services.AddSingleton(TimeProvider.System);
        Context.Services.AddEngine(o => o.ModelsPath = Folder.ModelsPath);
        Context.Services.AddSingleton<ModelSelectionService>();
        Context.Services.AddSingleton(Options.Create(new WebUiOptions { DataPath = Folder.DataPath }));
        Context.Services.AddSingleton(Options.Create(new HubOptions()));
        Context.Services.AddSingleton<IModelDownloader>(new FakeModelDownloader());
        Context.Services.AddSingleton<HubTokenStore>();
        Context.Services.AddSingleton<ModelImportService>();
    }

    /// <summary>The temporary models and data folders the services use.</summary>
    private protected ImportTestFolder Folder { get; } = new();

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Folder.Dispose();
    }
}
