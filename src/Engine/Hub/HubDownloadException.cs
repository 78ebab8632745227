namespace Engine.Hub;

/// <summary>
/// A hub download that could not be completed. The message says what was wrong and what to do; it never contains the
/// access token.
/// </summary>
public sealed class HubDownloadException : Exception
{
    /// <summary>Creates the exception for <paramref name="failure"/> with a message for the person downloading.</summary>
    public HubDownloadException(HubDownloadFailure failure, string message)
        : base(message)
    {
        Failure = failure;
    }

    /// <summary>Creates the exception wrapping a lower-level failure.</summary>
    public HubDownloadException(HubDownloadFailure failure, string message, Exception innerException)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>The kind of failure.</summary>
    public HubDownloadFailure Failure { get; }

    /// <summary>The HTTP status the hub answered, when the failure is an HTTP answer.</summary>
    public int? StatusCode { get; init; }
}
