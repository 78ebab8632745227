namespace Engine.Hub;

/// <summary>Where to download from and how hard to try.</summary>
public sealed class HubDownloadOptions
{
    /// <summary>The public hub, used when no other endpoint is configured.</summary>
    public static Uri DefaultEndpoint { get; } = new("https://huggingface.co");

    /// <summary>
    /// The hub's address: <see cref="DefaultEndpoint"/>, or a mirror that answers the same way (what
    /// <c>HF_ENDPOINT</c> sets for huggingface_hub). May carry a path prefix (<c>https://mirror.example/hf</c>).
    /// </summary>
    public Uri Endpoint { get; set; } = DefaultEndpoint;

    /// <summary>Requests per file (or listing) before giving up on dropped connections and 429/5xx answers.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before the first retry; doubled for each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between retries, also the cap on a server's <c>Retry-After</c>.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A read that brings no byte for this long counts as a dropped connection (and is retried).</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Bytes between two progress reports within a file (a report also comes at each file's start and end).</summary>
    public long ProgressInterval { get; set; } = 1 << 20;

    /// <summary>
    /// Pipeline components never downloaded. By default the safety checker and its feature extractor: this app, like
    /// AUTOMATIC1111, does not run them, and the checker alone is over 1 GB.
    /// </summary>
    public ISet<string> SkippedComponents { get; } = new HashSet<string>(StringComparer.Ordinal) { "safety_checker", "feature_extractor" };

    /// <summary>
    /// The endpoint a setting names (as <c>HF_ENDPOINT</c> does for huggingface_hub): <see cref="DefaultEndpoint"/> when
    /// the setting is empty, else the address given.
    /// </summary>
    /// <exception cref="ArgumentException">The text is not an absolute http or https address.</exception>
    public static Uri ParseEndpoint(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultEndpoint;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var endpoint))
        {
            throw new ArgumentException($"The hub endpoint '{text}' is not an address: give one such as {DefaultEndpoint}.", nameof(text));
        }

        new HubDownloadOptions { Endpoint = endpoint }.Validate();
        return endpoint;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttps && Endpoint.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"The hub endpoint '{Endpoint}' must be an absolute http or https address, such as {DefaultEndpoint}.", nameof(Endpoint));
        }

        if (!string.IsNullOrEmpty(Endpoint.Query) || !string.IsNullOrEmpty(Endpoint.Fragment) || !string.IsNullOrEmpty(Endpoint.UserInfo))
        {
            throw new ArgumentException("The hub endpoint must not carry a query, fragment or user name; give only the address.", nameof(Endpoint));
        }

        if (MaxAttempts < 1)
        {
            throw new ArgumentException($"MaxAttempts must be at least 1 (it is {MaxAttempts}).", nameof(MaxAttempts));
        }

        if (RetryDelay < TimeSpan.Zero || MaxRetryDelay < TimeSpan.Zero || ReadTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("RetryDelay and MaxRetryDelay must not be negative and ReadTimeout must be positive.");
        }

        if (ProgressInterval < 1)
        {
            throw new ArgumentException($"ProgressInterval must be at least 1 byte (it is {ProgressInterval}).", nameof(ProgressInterval));
        }
    }
}
