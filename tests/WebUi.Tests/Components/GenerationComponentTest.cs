using Engine;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WebUi.Data;
using WebUi.Hosting;
using WebUi.Services;
using WebUi.Settings;
using WebUi.Tests.Services;

namespace WebUi.Tests.Components;

/// <summary>
/// A bUnit context for the generation pages and their shared components: a started queue on a fake runner
/// (<see cref="QueueHarness"/>), its notifier, this browser's identity, the engine's model catalog over an empty folder,
/// and user settings and a gallery store in a temporary data folder.
/// </summary>
public abstract class GenerationComponentTest : ShellComponentTest
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "webui-generation-" + Guid.NewGuid().ToString("N"));

    protected GenerationComponentTest(int maxQueuedJobs = 100)
    {
        Harness = new QueueHarness(maxQueuedJobs);
        Identity = new BrowserIdentity(new HttpContextAccessor(), WebUi.Security.UserDirectory.Open);
        Context.Services.AddLogging();
        Context.Services.AddSingleton(TimeProvider.System);
        Context.Services.AddSingleton(Harness.Queue);
        Context.Services.AddSingleton(Harness.Notifier);
        Context.Services.AddSingleton(Identity);
        Context.Services.AddEngine(o => o.ModelsPath = Path.Combine(_root, "models"));
        Context.Services.AddSingleton<ModelSelectionService>();
        Context.Services.AddSingleton<PromptTokenCounter>();
        Context.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new WebUiOptions { DataPath = Path.Combine(_root, "data") }));
        Context.Services.AddSingleton<UserSettingsService>();
        Store = new LiteDbGalleryStore(Path.Combine(_root, "data"));
        Context.Services.AddSingleton<IGalleryStore>(Store);
    }

    private protected QueueHarness Harness { get; }

    /// <summary>This browser: the owner of the jobs the components list and steer.</summary>
    protected BrowserIdentity Identity { get; }

    /// <summary>The gallery the results' buttons read from (empty until a test adds records).</summary>
    protected LiteDbGalleryStore Store { get; }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Harness.DisposeAsync();
        Store.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
