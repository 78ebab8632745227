using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WebUi.ModelImport;

/// <summary>Registers the import service, the hub downloader and the hub token, all singletons.</summary>
public static class ModelImportServiceCollectionExtensions
{
    /// <summary>Adds model import, with <see cref="HubOptions"/> bound from the "Hub" section.</summary>
    public static IServiceCollection AddModelImport(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<HubOptions>()
            .Bind(configuration.GetSection(HubOptions.SectionName))
            .Validate(o => o.Validate() is null, "Hub:Endpoint must be an http(s) address.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IModelDownloader, HuggingFaceModelDownloader>();
        services.AddSingleton<HubTokenStore>();
        services.AddSingleton<ModelImportService>();
        services.AddHostedService<LeftoverStagingCleanup>();
        return services;
    }
}
