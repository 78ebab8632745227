namespace WebUi.Api;

/// <summary>
/// The AUTOMATIC1111-compatible HTTP API under <c>/sdapi/v1</c> (docs A1111.md §1): generation, progress and control,
/// models and options, and read-only information. Errors, including unknown routes, answer in A1111's JSON shape.
/// </summary>
public static class SdApiEndpoints
{
    public const string Prefix = "/sdapi/v1";

    /// <summary>Registers what the API keeps between requests.</summary>
    public static IServiceCollection AddSdApi(this IServiceCollection services)
    {
        services.AddSingleton<ApiOptionsStore>();
        services.AddSingleton<ApiSkipTracker>();
        return services;
    }

    /// <summary>Maps every <c>/sdapi/v1</c> endpoint.</summary>
    public static RouteGroupBuilder MapSdApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).AddEndpointFilter<ApiErrorFilter>().DisableAntiforgery();
        GenerationEndpoints.Map(api);
        ProgressEndpoints.Map(api);
        ModelEndpoints.Map(api);
        InfoEndpoints.Map(api);
        api.Map("/{**path}", (string? path, EndpointDataSource endpoints) => IsRoute(endpoints, path)
            ? ApiErrorFilter.Result(new ApiException(StatusCodes.Status405MethodNotAllowed, "HTTPException", "Method Not Allowed"))
            : ApiErrorFilter.Result(ApiException.NotFound("Not Found")));
        return api;
    }

    // A path the API serves with another method (GET txt2img): 405, as FastAPI answers.
    private static bool IsRoute(EndpointDataSource endpoints, string? path) =>
        !string.IsNullOrEmpty(path) && endpoints.Endpoints.OfType<RouteEndpoint>().Any(e =>
            string.Equals(e.RoutePattern.RawText?.TrimEnd('/'), Prefix + "/" + path.TrimEnd('/'), StringComparison.Ordinal));
}
