using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WebUi.Data;

namespace WebUi.Services;

/// <summary>Registers the job queue, the notifier, image saving and the gallery, all singletons.</summary>
public static class GenerationServiceCollectionExtensions
{
    /// <summary>Adds the generation services, with <see cref="GenerationOptions"/> bound from the "WebUi" section.</summary>
    public static IServiceCollection AddGenerationServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<GenerationOptions>()
            .Bind(configuration.GetSection(WebUiOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IGalleryStore>(sp => new LiteDbGalleryStore(sp.GetRequiredService<IOptions<WebUiOptions>>().Value.DataPath));
        services.AddSingleton<GalleryRebuilder>();
        services.AddSingleton<GenerationNotifier>();
        services.AddSingleton<PromptTokenCounter>();
        services.AddSingleton<IGenerationRunner, PipelineGenerationRunner>();
        services.AddSingleton<IGenerationResultSink, GallerySaver>();
        services.AddSingleton<GenerationQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<GenerationQueue>());
        return services;
    }
}
