namespace WebUi.Api;

/// <summary>
/// Turns whatever an API endpoint throws into A1111's error JSON: <see cref="ApiException"/> with its status, a body
/// Kestrel refused (too large, cut short) with its 4xx, and anything else as a logged 500 that names the exception.
/// </summary>
public sealed class ApiErrorFilter(ILogger<ApiErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (ApiException ex)
        {
            return Result(ex);
        }
        catch (BadHttpRequestException ex)
        {
            return Result(new ApiException(ex.StatusCode, "HTTPException", ex.Message));
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody reads the answer.
            return Results.Empty;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "API request {Method} {Path} failed", context.HttpContext.Request.Method, context.HttpContext.Request.Path);
            return Results.Json(ApiError.FromFault(ex), ApiJson.Output, statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>The JSON response for <paramref name="exception"/>.</summary>
    public static IResult Result(ApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Results.Json(ApiError.From(exception), ApiJson.Output, statusCode: exception.StatusCode);
    }
}
