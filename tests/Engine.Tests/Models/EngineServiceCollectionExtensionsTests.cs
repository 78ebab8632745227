using Engine.Models;
using Engine.Onnx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Engine.Tests.Models;

/// <summary>
/// The test project has no DI container implementation, so these tests read the registrations AddEngine makes and
/// apply its configure and validate steps the way the options factory does.
/// </summary>
public sealed class EngineServiceCollectionExtensionsTests
{
    [Fact]
    public void AddEngine_Configuration_BindsEngineSection()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Engine:ModelsPath"] = "/srv/models",
                ["Engine:ExecutionProvider"] = "Cpu",
                ["Engine:CudaDeviceId"] = "1",
                ["Engine:UnloadVaeAfterUse"] = "true",
                ["Engine:CudaProviderOptions:prefer_nhwc"] = "1",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddEngine(configuration);

        var options = Resolve(services);

        Assert.Equal("/srv/models", options.ModelsPath);
        Assert.Equal(ExecutionProviderKind.Cpu, options.ExecutionProvider);
        Assert.Equal(1, options.CudaDeviceId);
        Assert.True(options.UnloadVaeAfterUse);
        Assert.Equal("1", options.CudaProviderOptions["prefer_nhwc"]);
    }

    [Theory]
    [InlineData(typeof(ModelCatalog))]
    [InlineData(typeof(ExecutionProviderSelector))]
    [InlineData(typeof(OnnxSessionFactory))]
    [InlineData(typeof(ModelLoader))]
    public void AddEngine_CalledTwice_RegistersEachServiceOnceAsSingleton(Type serviceType)
    {
        var services = new ServiceCollection();
        services.AddEngine(_ => { });
        services.AddEngine(_ => { });

        var descriptor = Assert.Single(services, s => s.ServiceType == serviceType);
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
        Assert.Single(services, s => s.ServiceType == typeof(IValidateOptions<EngineOptions>));
    }

    [Fact]
    public void AddEngine_Action_AppliesAndValidates()
    {
        var services = new ServiceCollection();
        services.AddEngine(o => o.ExecutionProvider = ExecutionProviderKind.Cpu);

        Assert.Equal(ExecutionProviderKind.Cpu, Resolve(services).ExecutionProvider);
    }

    [Theory]
    [InlineData("ModelsPath", "Engine:ModelsPath")]
    [InlineData("CudaDeviceId", "Engine:CudaDeviceId")]
    [InlineData("CudnnConvAlgoSearch", "Engine:CudnnConvAlgoSearch")]
    [InlineData("ArenaExtendStrategy", "Engine:ArenaExtendStrategy")]
    [InlineData("GpuMemoryLimitBytes", "Engine:GpuMemoryLimitBytes")]
    [InlineData("IntraOpThreads", "Engine:IntraOpThreads")]
    public void AddEngine_InvalidOption_FailsValidationNamingIt(string property, string expected)
    {
        var services = new ServiceCollection();
        services.AddEngine(o =>
        {
            switch (property)
            {
                case "ModelsPath": o.ModelsPath = " "; break;
                case "CudaDeviceId": o.CudaDeviceId = -1; break;
                case "CudnnConvAlgoSearch": o.CudnnConvAlgoSearch = "FAST"; break;
                case "ArenaExtendStrategy": o.ArenaExtendStrategy = "grow"; break;
                case "GpuMemoryLimitBytes": o.GpuMemoryLimitBytes = -5; break;
                default: o.IntraOpThreads = -2; break;
            }
        });

        var ex = Assert.Throws<OptionsValidationException>(() => Resolve(services));

        Assert.Contains(ex.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        Assert.Empty(new EngineOptions().Validate());
    }

    private static EngineOptions Resolve(ServiceCollection services)
    {
        var options = new EngineOptions();
        foreach (var configure in services.Where(s => s.ServiceType == typeof(IConfigureOptions<EngineOptions>)))
        {
            ((IConfigureOptions<EngineOptions>)configure.ImplementationInstance!).Configure(options);
        }

        foreach (var validate in services.Where(s => s.ServiceType == typeof(IValidateOptions<EngineOptions>)))
        {
            var validator = (IValidateOptions<EngineOptions>)(validate.ImplementationInstance ?? Activator.CreateInstance(validate.ImplementationType!)!);
            var result = validator.Validate(Options.DefaultName, options);
            if (result.Failed)
            {
                throw new OptionsValidationException(Options.DefaultName, typeof(EngineOptions), result.Failures);
            }
        }

        return options;
    }
}
