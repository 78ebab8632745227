using WebUi.Security;

namespace WebUi.Hubs;

/// <summary>Registers and maps <see cref="GenerationHub"/>.</summary>
public static class HubServiceCollectionExtensions
{
    public static IServiceCollection AddGenerationHub(this IServiceCollection services)
    {
        services.AddSignalR().AddHubOptions<GenerationHub>(hub => hub.MaximumReceiveMessageSize = RequestBodyLimits.HubMessage);
        services.AddSingleton<HubJobSubscriptions>();
        return services;
    }

    public static IEndpointRouteBuilder MapGenerationHub(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<GenerationHub>(GenerationHub.Path);
        return endpoints;
    }
}
