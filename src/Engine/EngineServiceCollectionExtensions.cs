using Engine.Models;
using Engine.Onnx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Engine;

/// <summary>Registers the engine's services: options, model catalog, provider selection, session factory, model loader.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>Adds the engine with options bound from the <c>Engine</c> section of <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = AddEngineCore(services);
        builder.Bind(configuration.GetSection(EngineOptions.SectionName));
        return services;
    }

    /// <summary>Adds the engine with options set in code.</summary>
    public static IServiceCollection AddEngine(this IServiceCollection services, Action<EngineOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        AddEngineCore(services).Configure(configure);
        return services;
    }

    private static OptionsBuilder<EngineOptions> AddEngineCore(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsValidation>());
        services.TryAddSingleton<ModelCatalog>();
        services.TryAddSingleton<ExecutionProviderSelector>();
        services.TryAddSingleton<OnnxSessionFactory>();
        services.TryAddSingleton<ModelLoader>();
        return services.AddOptions<EngineOptions>().ValidateOnStart();
    }

    private sealed class EngineOptionsValidation : IValidateOptions<EngineOptions>
    {
        public ValidateOptionsResult Validate(string? name, EngineOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
