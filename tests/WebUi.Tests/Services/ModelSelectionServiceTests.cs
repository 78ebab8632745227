using Engine;
using Engine.Demo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WebUi.Services;

namespace WebUi.Tests.Services;

public sealed class ModelSelectionServiceTests : IDisposable
{
    private readonly DirectoryInfo _models = Directory.CreateTempSubdirectory("webui-models-");

    [Fact]
    public void Select_WhileAJobHoldsTheModel_IsRefusedUntilTheJobEnds()
    {
        using var services = ServicesWithDemoAndOther();
        var selection = services.GetRequiredService<ModelSelectionService>();
        selection.Initialize();
        Assert.Equal("demo", selection.Current!.Descriptor.Id);

        var (model, lease) = selection.AcquireForJob();
        var refused = Assert.Throws<InvalidOperationException>(() => selection.Select("other"));
        Assert.Contains("generation is running", refused.Message, StringComparison.Ordinal);
        Assert.Same(model, selection.Current);
        Assert.Same(model, selection.Select("demo"));

        lease.Dispose();
        lease.Dispose();
        Assert.Equal("other", selection.Select("other").Descriptor.Id);
    }

    [Fact]
    public void TrySelect_RefusedSwitch_GivesTheProblemAsIdAndReason()
    {
        using var services = ServicesWithDemoAndOther();
        var selection = services.GetRequiredService<ModelSelectionService>();
        selection.Initialize();

        var (_, lease) = selection.AcquireForJob();
        Assert.False(selection.TrySelect("other", out var problem));
        Assert.StartsWith("other: ", problem, StringComparison.Ordinal);
        Assert.Contains("generation is running", problem, StringComparison.Ordinal);
        Assert.Equal("demo", selection.Current!.Descriptor.Id);

        lease.Dispose();
        Assert.True(selection.TrySelect("other", out problem));
        Assert.Null(problem);
        Assert.Equal("other", selection.Current!.Descriptor.Id);
    }

    public void Dispose() => _models.Delete(recursive: true);

    /// <summary>The services over a models folder holding the demo model and a copy of it named "other".</summary>
    private ServiceProvider ServicesWithDemoAndOther()
    {
        var demo = DemoModelInstaller.EnsureInstalled(_models.FullName);
        CopyDirectory(demo, Path.Combine(_models.FullName, "other"));

        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Engine:ModelsPath"] = _models.FullName,
            ["Engine:ExecutionProvider"] = "Cpu",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEngine(config);
        services.AddSingleton<ModelSelectionService>();
        return services.BuildServiceProvider();
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
