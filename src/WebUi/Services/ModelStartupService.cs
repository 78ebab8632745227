namespace WebUi.Services;

/// <summary>Chooses the model (installing the demo model if needed) before the app starts serving pages.</summary>
public sealed class ModelStartupService(ModelSelectionService selection) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        selection.Initialize();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
