using Microsoft.AspNetCore.SignalR;
using WebUi.Services;

namespace WebUi.Hubs;

/// <summary>
/// Which hub connection follows which job: one notifier subscription each, forwarding events to that connection, ended
/// after the job's final message or when the connection closes. Hub instances live for one call, so this is a singleton.
/// </summary>
public sealed class HubJobSubscriptions(GenerationNotifier notifier, IHubContext<GenerationHub, IGenerationHubClient> hub)
{
    private readonly IHubContext<GenerationHub, IGenerationHubClient> _hub = hub;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, Follower>> _byConnection = new(StringComparer.Ordinal);

    /// <summary>Sends <paramref name="connectionId"/> the events of <paramref name="job"/> from now on, and its result.</summary>
    public void Follow(string connectionId, GenerationJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Follower follower;
        lock (_lock)
        {
            if (!_byConnection.TryGetValue(connectionId, out var jobs))
            {
                _byConnection[connectionId] = jobs = new Dictionary<string, Follower>(StringComparer.Ordinal);
            }

            if (jobs.ContainsKey(job.Id))
            {
                return;
            }

            follower = new Follower(this, connectionId, job);
            jobs[job.Id] = follower;
        }

        // Progress reaches hub clients at every step they can take: they are not a browser repainting.
        follower.Attach(notifier.Subscribe(job.Id, follower.OnEventAsync, TimeSpan.Zero));

        // The job may have ended before the subscription existed; its final event would then never come.
        if (job.IsFinished)
        {
            _ = follower.FinishAsync();
        }
    }

    /// <summary>Ends every subscription of a closed connection.</summary>
    public void Forget(string connectionId)
    {
        List<Follower> followers;
        lock (_lock)
        {
            if (!_byConnection.Remove(connectionId, out var jobs))
            {
                return;
            }

            followers = [.. jobs.Values];
        }

        foreach (var follower in followers)
        {
            follower.Subscription?.Dispose();
        }
    }

    private void Remove(Follower follower)
    {
        lock (_lock)
        {
            if (_byConnection.TryGetValue(follower.ConnectionId, out var jobs) && jobs.Remove(follower.Job.Id) && jobs.Count == 0)
            {
                _byConnection.Remove(follower.ConnectionId);
            }
        }

        follower.Subscription?.Dispose();
    }

    private sealed class Follower(HubJobSubscriptions owner, string connectionId, GenerationJob job)
    {
        private int _finished;

        public string ConnectionId { get; } = connectionId;

        public GenerationJob Job { get; } = job;

        public IDisposable? Subscription { get; private set; }

        public void Attach(IDisposable subscription)
        {
            Subscription = subscription;

            // A final message sent before the subscription was stored could not dispose it.
            if (Volatile.Read(ref _finished) != 0)
            {
                subscription.Dispose();
            }
        }

        public Task OnEventAsync(GenerationEvent e) =>
            e.IsFinal ? FinishAsync() : owner._hub.Clients.Client(ConnectionId).JobUpdate(HubJobMessages.Update(e));

        // Exactly once, whether the final event or the late check in Follow gets here first.
        public async Task FinishAsync()
        {
            if (Interlocked.Exchange(ref _finished, 1) != 0)
            {
                return;
            }

            try
            {
                await owner._hub.Clients.Client(ConnectionId).JobFinished(HubJobMessages.Result(Job));
            }
            finally
            {
                owner.Remove(this);
            }
        }
    }
}
