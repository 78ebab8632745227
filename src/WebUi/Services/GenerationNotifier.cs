using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace WebUi.Services;

/// <summary>
/// In-process fan-out of job events to any number of subscribers (components in any circuit). <see cref="Publish"/>
/// never waits: each subscriber has its own pending list and its own delivery loop, so a slow browser only delays
/// itself. Undelivered progress and preview events are replaced by newer ones, progress reaches a subscriber at most
/// every <see cref="GenerationOptions.ProgressIntervalMs"/>, and the other events (the final one included) are always
/// delivered, in order.
/// </summary>
public sealed class GenerationNotifier
{
    private readonly Lock _lock = new();
    private readonly List<Subscription> _subscriptions = [];
    private readonly TimeProvider _time;
    private readonly ILogger<GenerationNotifier> _logger;
    private readonly TimeSpan _progressInterval;

    public GenerationNotifier(IOptions<GenerationOptions> options, TimeProvider time, ILogger<GenerationNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _logger = logger;
        _progressInterval = TimeSpan.FromMilliseconds(options.Value.ProgressIntervalMs);
    }

    /// <summary>Number of live subscriptions.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _subscriptions.Count;
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="callback"/> for each event of job <paramref name="jobId"/> (or of every job when null), one
    /// call at a time. Blazor components pass a callback that does <c>InvokeAsync(...)</c>. Dispose to stop.
    /// </summary>
    public IDisposable Subscribe(string? jobId, Func<GenerationEvent, Task> callback, TimeSpan? progressInterval = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var subscription = new Subscription(this, jobId, callback, progressInterval ?? _progressInterval);
        lock (_lock)
        {
            _subscriptions.Add(subscription);
        }

        subscription.Start();
        return subscription;
    }

    /// <summary>Hands <paramref name="generationEvent"/> to every matching subscriber without waiting for any.</summary>
    public void Publish(GenerationEvent generationEvent)
    {
        ArgumentNullException.ThrowIfNull(generationEvent);
        Subscription[] targets;
        lock (_lock)
        {
            targets = [.. _subscriptions];
        }

        foreach (var subscription in targets)
        {
            if (subscription.JobId is null || string.Equals(subscription.JobId, generationEvent.Job.Id, StringComparison.Ordinal))
            {
                subscription.Post(generationEvent);
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Remove(subscription);
        }
    }

    private sealed class Subscription(GenerationNotifier owner, string? jobId, Func<GenerationEvent, Task> callback, TimeSpan interval) : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly List<GenerationEvent> _pending = [];
        private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        private readonly CancellationTokenSource _stop = new();
        private DateTimeOffset _lastCoalescable = DateTimeOffset.MinValue;
        private int _disposed;

        public string? JobId { get; } = jobId;

        public void Start() => _ = Task.Run(PumpAsync);

        public void Post(GenerationEvent generationEvent)
        {
            lock (_gate)
            {
                var replaced = false;
                if (generationEvent.IsCoalescable)
                {
                    // Latest value wins: an undelivered progress (or preview) of the same job is overwritten in place.
                    var index = _pending.FindIndex(e => e.Kind == generationEvent.Kind && ReferenceEquals(e.Job, generationEvent.Job));
                    if (index >= 0)
                    {
                        _pending[index] = generationEvent;
                        replaced = true;
                    }
                }

                if (!replaced)
                {
                    _pending.Add(generationEvent);
                }
            }

            _wake.Writer.TryWrite(true);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            owner.Remove(this);
            _stop.Cancel();
            _wake.Writer.TryComplete();
        }

        private async Task PumpAsync()
        {
            var token = _stop.Token;
            try
            {
                while (await _wake.Reader.WaitToReadAsync(token))
                {
                    // The wake-up is cleared before each look at the pending list, so an event posted after the look
                    // (a final event while progress is throttled) always leaves a wake-up for the wait below.
                    while (!token.IsCancellationRequested && ClearWakeAndTake(out var next, out var wait))
                    {
                        if (next is null)
                        {
                            // Progress is throttled: wait out the interval (or a newer event), then look again.
                            await WaitAsync(wait, token);
                            continue;
                        }

                        await DeliverAsync(next);
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Unsubscribed.
            }
        }

        private bool ClearWakeAndTake(out GenerationEvent? next, out TimeSpan wait)
        {
            _wake.Reader.TryRead(out _);
            return TryTake(out next, out wait);
        }

        // The next event to deliver now; or null with how long to wait when the head is throttled progress.
        private bool TryTake(out GenerationEvent? next, out TimeSpan wait)
        {
            lock (_gate)
            {
                next = null;
                wait = TimeSpan.Zero;
                if (_pending.Count == 0)
                {
                    return false;
                }

                var head = _pending[0];
                if (head.IsCoalescable)
                {
                    // A later final event of the same job makes the pending progress pointless.
                    if (_pending.Exists(e => e.IsFinal && ReferenceEquals(e.Job, head.Job)))
                    {
                        _pending.RemoveAt(0);
                        return true;
                    }

                    var due = _lastCoalescable + interval;
                    var now = owner._time.GetUtcNow();
                    if (interval > TimeSpan.Zero && now < due)
                    {
                        wait = due - now;
                        return true;
                    }

                    _lastCoalescable = now;
                }

                _pending.RemoveAt(0);
                next = head;
                return true;
            }
        }

        private async Task WaitAsync(TimeSpan wait, CancellationToken token)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            var delay = Task.Delay(wait, owner._time, timeout.Token);
            var woken = _wake.Reader.WaitToReadAsync(timeout.Token).AsTask();
            await Task.WhenAny(delay, woken);
            await timeout.CancelAsync();
            token.ThrowIfCancellationRequested();
        }

        private async Task DeliverAsync(GenerationEvent generationEvent)
        {
            try
            {
                await callback(generationEvent);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_stop.IsCancellationRequested)
            {
                // One broken subscriber (say, a closed circuit) must not stop the others or the worker.
                owner._logger.LogWarning(ex, "A subscriber of job {JobId} failed on {EventKind}", generationEvent.Job.Id, generationEvent.Kind);
            }
        }
    }
}
