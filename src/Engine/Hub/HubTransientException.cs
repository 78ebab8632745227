namespace Engine.Hub;

/// <summary>
/// A failure worth retrying: a dropped or stalled connection, or a 429/5xx answer (with the server's
/// <c>Retry-After</c>, when it gave one). Never leaves the downloader: after the last attempt it becomes a
/// <see cref="HubDownloadException"/>.
/// </summary>
internal sealed class HubTransientException : Exception
{
    public HubTransientException(string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the server asked us to wait, if it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
