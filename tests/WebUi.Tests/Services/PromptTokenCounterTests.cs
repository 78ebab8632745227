using Engine;
using Engine.Demo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WebUi.Services;

namespace WebUi.Tests.Services;

public sealed class PromptTokenCounterTests : IDisposable
{
    private readonly DirectoryInfo _models = Directory.CreateTempSubdirectory("webui-tokens-");

    [Fact]
    public void Label_DemoModel_CountsLikeA1111()
    {
        DemoModelInstaller.EnsureInstalled(_models.FullName);
        using var services = Services();
        services.GetRequiredService<ModelSelectionService>().Initialize();
        var counter = services.GetRequiredService<PromptTokenCounter>();

        Assert.Equal("0/75", counter.Label(""));
        Assert.Equal("5/75", counter.Label("red circle, (blue:1.2) background"));
        Assert.Equal("80/150", counter.Label(string.Join(' ', Enumerable.Repeat("red", 80))));
    }

    [Fact]
    public void Label_NoModel_IsEmpty()
    {
        using var services = Services();
        var counter = services.GetRequiredService<PromptTokenCounter>();

        Assert.Equal("", counter.Label("red circle"));
        Assert.Null(counter.Count("red circle"));
    }

    public void Dispose() => _models.Delete(recursive: true);

    private ServiceProvider Services()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Engine:ModelsPath"] = _models.FullName,
            ["Engine:ExecutionProvider"] = "Cpu",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEngine(config);
        services.AddSingleton<ModelSelectionService>();
        services.AddSingleton<PromptTokenCounter>();
        return services.BuildServiceProvider();
    }
}
