using System.Text.Json;
using Engine.Models;
using WebUi.Services;

namespace WebUi.Api;

/// <summary>
/// <c>sd-models</c>, <c>refresh-checkpoints</c> and <c>options</c>. Posting <c>sd_model_checkpoint</c> switches the
/// model in use; like A1111 (which takes its queue lock for the reload) it waits until no job is running.
/// </summary>
public static class ModelEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/sd-models", (ModelSelectionService models) =>
            Results.Json(
                models.Models.Where(m => m.IsReady).Select(m => new SdModelApiItem(ApiModelResolver.Title(m), m.Id, null, null, m.Path, null)).ToList(),
                ApiJson.Output));
        api.MapPost("/refresh-checkpoints", (ModelCatalog catalog) =>
        {
            catalog.Refresh();
            return ApiJson.Null();
        });
        api.MapGet("/options", (ModelSelectionService models, ApiOptionsStore store) =>
        {
            var current = models.Current?.Descriptor;
            return Results.Json(ApiOptionsStore.ToOptions(store.Current, current is null ? null : ApiModelResolver.Title(current)), ApiJson.Output);
        });
        api.MapPost("/options", SetOptionsAsync);
    }

    private static async Task<IResult> SetOptionsAsync(
        HttpContext http, ModelSelectionService models, ApiOptionsStore store, GenerationQueue queue)
    {
        var values = await ApiJson.ReadBodyAsync<Dictionary<string, JsonElement>>(http.Request);
        var errors = new List<ApiFieldError>();
        var settings = ApiOptionsStore.Apply(store.Current, values, "", errors);
        ModelDescriptor? model = null;
        if (settings.ModelCheckpoint is { } checkpoint)
        {
            model = ApiModelResolver.Find(models.Models, checkpoint);
            if (model is null)
            {
                errors.Add(new ApiFieldError(ApiOptionsStore.ModelKey, ApiModelResolver.NotFoundMessage(models.Models, checkpoint)));
            }
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(errors);
        }

        if (model is not null)
        {
            await SwitchModelAsync(model.Id, models, queue, http.RequestAborted);
        }

        store.Set(settings);
        return ApiJson.Null();
    }

    // A job holds the model while it runs, and the switch would dispose its sessions: wait for the running job, then
    // switch; a job that started in between is waited for too.
    private static async Task SwitchModelAsync(
        string id, ModelSelectionService models, GenerationQueue queue, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (queue.Running is { } running)
            {
                await running.Finished.WaitAsync(cancellationToken);
                continue;
            }

            try
            {
                models.Select(id);
                return;
            }
            catch (InvalidOperationException) when (queue.Running is not null)
            {
                // A job started between the check and the switch.
            }
        }
    }
}
