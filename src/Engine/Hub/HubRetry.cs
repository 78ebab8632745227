namespace Engine.Hub;

/// <summary>Bounded retries with exponential back-off (or the server's <c>Retry-After</c>, capped) for transient failures.</summary>
internal static class HubRetry
{
    /// <summary>
    /// Runs <paramref name="attempt"/> up to <see cref="HubDownloadOptions.MaxAttempts"/> times while it throws
    /// <see cref="HubTransientException"/>; then throws a <see cref="HubDownloadException"/> saying what kept failing.
    /// </summary>
    public static async Task<T> RunAsync<T>(
        HubDownloadOptions options, string what, string afterFailure, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(cancellationToken);
            }
            catch (HubTransientException e) when (number < options.MaxAttempts)
            {
                await Task.Delay(Delay(options, number, e.RetryAfter), cancellationToken);
            }
            catch (HubTransientException e)
            {
                throw new HubDownloadException(
                    HubDownloadFailure.Network,
                    $"{what} failed {options.MaxAttempts} times; the last time: {e.Message} {afterFailure}",
                    e);
            }
        }
    }

    /// <summary>The wait before retry number <paramref name="failures"/> + 1.</summary>
    public static TimeSpan Delay(HubDownloadOptions options, int failures, TimeSpan? retryAfter)
    {
        var backOff = options.RetryDelay * Math.Pow(2, Math.Min(failures - 1, 16));
        var wait = retryAfter is { } asked && asked > backOff ? asked : backOff;
        return wait > options.MaxRetryDelay ? options.MaxRetryDelay : wait;
    }
}
