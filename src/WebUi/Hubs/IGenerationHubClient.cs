namespace WebUi.Hubs;

/// <summary>What <see cref="GenerationHub"/> calls on its clients (the method names are the SignalR event names).</summary>
public interface IGenerationHubClient
{
    /// <summary>A job was queued, moved up, started, made a step or a preview.</summary>
    Task JobUpdate(HubJobUpdate update);

    /// <summary>A job ended (completed, interrupted, cancelled or failed), with its images when it made any.</summary>
    Task JobFinished(HubJobResult result);
}
