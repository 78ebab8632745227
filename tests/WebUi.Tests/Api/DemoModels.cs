using Engine;
using Engine.Demo;
using Engine.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace WebUi.Tests.Api;

/// <summary>Two demo models ("demo" and "demo-b") written to a temporary models folder and scanned, for tests without a running app.</summary>
public sealed class DemoModels : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("webui-api-models-");

    public DemoModels()
    {
        DemoModelWriter.Write(Path.Combine(_root.FullName, "demo"), new DemoModelOptions());
        DemoModelWriter.Write(Path.Combine(_root.FullName, "demo-b"), new DemoModelOptions());
        var catalog = new ModelCatalog(Options.Create(new EngineOptions { ModelsPath = _root.FullName }), NullLogger<ModelCatalog>.Instance);
        All = catalog.Models;
        Demo = All.Single(m => m.Id == "demo");
        DemoB = All.Single(m => m.Id == "demo-b");
        Assert.True(Demo.IsReady && DemoB.IsReady, string.Join("; ", All.SelectMany(m => m.Problems).Select(p => p.ToString())));
    }

    public IReadOnlyList<ModelDescriptor> All { get; }

    public ModelDescriptor Demo { get; }

    public ModelDescriptor DemoB { get; }

    public void Dispose() => _root.Delete(recursive: true);
}
