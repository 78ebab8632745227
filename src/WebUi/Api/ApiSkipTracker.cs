namespace WebUi.Api;

/// <summary>
/// Remembers which batch of which job was skipped through the API, so <c>progress</c> can show A1111's
/// <c>state.skipped</c> until the next batch starts (A1111 clears the flag at each batch).
/// </summary>
public sealed class ApiSkipTracker
{
    private readonly Lock _lock = new();
    private (string JobId, int Batch)? _skipped;

    public void Record(string jobId, int batch)
    {
        lock (_lock)
        {
            _skipped = (jobId, batch);
        }
    }

    public bool IsSkipped(string jobId, int batch)
    {
        lock (_lock)
        {
            return _skipped is { } s && string.Equals(s.JobId, jobId, StringComparison.Ordinal) && s.Batch == batch;
        }
    }
}
