using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using WebUi.Api;
using WebUi.Security;
using WebUi.Services;

namespace WebUi.Hubs;

/// <summary>
/// <c>/hubs/generation</c>: txt2img for clients outside the Blazor circuit (scripts, bots, other apps). A client submits
/// a job and then receives <see cref="IGenerationHubClient.JobUpdate"/> for each step and
/// <see cref="IGenerationHubClient.JobFinished"/> with the images; it may cancel its own jobs and follow them again
/// from another connection. Jobs go through the same queue as the web UI's, under the caller's owner id
/// (<see cref="CallerIdentity"/>); the hub takes the API's credentials (HTTP Basic) or a logged-in browser's cookie.
/// </summary>
public sealed class GenerationHub(
    GenerationQueue queue,
    ModelSelectionService models,
    ApiOptionsStore options,
    HubJobSubscriptions subscriptions,
    ILogger<GenerationHub> logger) : Hub<IGenerationHubClient>
{
    public const string Path = "/hubs/generation";

    /// <summary>
    /// Queues a txt2img job (a <see cref="HubTxt2ImgRequest"/>: the API's txt2img fields) and follows it on this
    /// connection. A request the API would answer with a 422 is refused with a <see cref="HubException"/> naming every
    /// bad field the same way (<c>steps: ...; width: ...</c>).
    /// </summary>
    public HubJobSubmitted Submit(JsonElement request)
    {
        ApiJobPlan plan;
        try
        {
            var body = ApiJson.Read<HubTxt2ImgRequest>(request);
            if (body.OverrideSettingsRestoreAfterwards == false)
            {
                throw ApiException.Invalid("override_settings_restore_afterwards", "Hub jobs always restore their override_settings; change options through POST /sdapi/v1/options.");
            }

            plan = ApiRequestMapper.Map(body, options.Current, models.Models, models.Current?.Descriptor);
        }
        catch (ApiException ex)
        {
            throw new HubException(ex.FieldErrors.Count > 0 ? "Invalid request: " + ex.Message : ex.Message);
        }

        var caller = Caller();
        GenerationJob job;
        try
        {
            job = queue.Enqueue(caller.OwnerId, plan.Request, plan.JobOptions);
        }
        catch (QueueFullException ex)
        {
            throw new HubException(ex.Message);
        }

        logger.LogInformation("Hub job {JobId} queued by {Owner}", job.Id, caller.UserName ?? "an anonymous client");
        subscriptions.Follow(Context.ConnectionId, job);
        return new HubJobSubmitted(job.Id, job.Position);
    }

    /// <summary>Follows an existing job of the caller's (any job for an admin) on this connection.</summary>
    public HubJobUpdate Subscribe(string jobId)
    {
        var job = FindOwnJob(jobId);
        subscriptions.Follow(Context.ConnectionId, job);
        return HubJobMessages.Update(new GenerationEvent(GenerationEventKind.PositionChanged, job, job.State, job.Position, job.Progress));
    }

    /// <summary>
    /// Cancels a waiting job or interrupts a running one (keeping the images already finished). Answers accepted,
    /// not_found, not_owner or wrong_state (the job has already ended).
    /// </summary>
    public string Cancel(string jobId)
    {
        var caller = Caller();
        return HubJobMessages.Name(queue.Stop(jobId ?? "", caller.OwnerId, caller.IsAdmin));
    }

    /// <summary>Skips the running job's current batch (A1111's Skip). Same answers as <see cref="Cancel"/>.</summary>
    public string Skip(string jobId)
    {
        var caller = Caller();
        return HubJobMessages.Name(queue.Skip(jobId ?? "", caller.OwnerId, caller.IsAdmin));
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        subscriptions.Forget(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    private CallerIdentity Caller() =>
        Context.GetHttpContext() is { } http ? CallerIdentity.From(http) : throw new HubException("The connection has no request.");

    private GenerationJob FindOwnJob(string jobId)
    {
        var caller = Caller();
        var job = queue.GetJob(jobId ?? "");

        // Someone else's job is answered like a missing one: job ids are not to be probed.
        if (job is null || (!caller.IsAdmin && !string.Equals(job.OwnerId, caller.OwnerId, StringComparison.Ordinal)))
        {
            throw new HubException($"No job '{jobId}' of yours is known.");
        }

        return job;
    }
}
