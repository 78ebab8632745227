using WebUi.Security;
using WebUi.Services;

namespace WebUi.Api;

/// <summary>
/// <c>txt2img</c> and <c>img2img</c>: the request is mapped and checked against the model it will run on, queued in
/// the same <see cref="GenerationQueue"/> as the UI's jobs, and the call waits for it. A client that goes away
/// cancels its job while queued and interrupts it while running.
/// </summary>
public static class GenerationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/txt2img", (HttpContext http, GenerationQueue queue, ModelSelectionService models, ApiOptionsStore store) =>
            RunAsync<Txt2ImgApiRequest>(http, queue, models, store));
        api.MapPost("/img2img", (HttpContext http, GenerationQueue queue, ModelSelectionService models, ApiOptionsStore store) =>
            RunAsync<Img2ImgApiRequest>(http, queue, models, store));
    }

    private static async Task<IResult> RunAsync<T>(
        HttpContext http, GenerationQueue queue, ModelSelectionService models, ApiOptionsStore store)
        where T : GenerationApiRequest
    {
        var body = await ApiJson.ReadBodyAsync<T>(http.Request);
        var plan = ApiRequestMapper.Map(body, store.Current, models.Models, models.Current?.Descriptor);
        var owner = CallerIdentity.From(http).OwnerId;
        GenerationJob job;
        try
        {
            job = queue.Enqueue(owner, plan.Request, plan.JobOptions);
        }
        catch (QueueFullException ex)
        {
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, "HTTPException", ex.Message);
        }

        var aborted = http.RequestAborted;
        try
        {
            await job.Finished.WaitAsync(aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            queue.Stop(job.Id, owner);

            throw;
        }

        switch (job.State)
        {
            case GenerationJobState.Completed or GenerationJobState.Interrupted when job.Result is { } result:
                if (plan.JobOptions.RestoreModelAfterwards is false && body.OverrideSettings is { Count: > 0 })
                {
                    // A1111 keeps override_settings when asked not to restore them.
                    store.Set(plan.Settings);
                }

                var images = plan.SendImages ? result.Images.Select(i => ApiImages.ToBase64Png(i.Image, i.Infotext)).ToList() : [];
                var info = ApiInfoBuilder.Build(plan.Request, body, result, job.ModelId ?? plan.Model.Id, job.StartedAt ?? job.CreatedAt);
                if (body is Img2ImgApiRequest { IncludeInitImages: not true } img2img)
                {
                    img2img.InitImages = null;
                    img2img.Mask = null;
                }

                return Results.Json(new GenerationApiResponse(images, body, info), ApiJson.Output);
            case GenerationJobState.Cancelled:
                throw new ApiException(StatusCodes.Status503ServiceUnavailable, "HTTPException", job.ErrorMessage ?? "The job was cancelled.");
            default:
                return Results.Json(
                    new ApiError("RuntimeError", job.ErrorMessage ?? "Generation failed.", "", job.ErrorMessage ?? "Generation failed."),
                    ApiJson.Output,
                    statusCode: StatusCodes.Status500InternalServerError);
        }
    }
}
