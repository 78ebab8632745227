namespace Engine.Hub;

/// <summary>
/// Turns per-file byte counts into <see cref="HubDownloadProgress"/> over the whole download: finished files plus the
/// current file's bytes (resumed ones included), reported at each file's start and end and every
/// <see cref="HubDownloadOptions.ProgressInterval"/> bytes in between. A file restarted from zero moves the count back.
/// </summary>
internal sealed class HubProgressTracker(IProgress<HubDownloadProgress>? progress, long totalBytes, long interval)
{
    private long _total = totalBytes;
    private long _finished;
    private long _current;
    private long _lastReported;
    private string _file = string.Empty;

    /// <summary>A file starts (or restarts) with <paramref name="resumedBytes"/> already on disk.</summary>
    public void Start(string file, long resumedBytes)
    {
        _file = file;
        _current = resumedBytes;
        Report();
    }

    /// <summary><paramref name="bytes"/> more of the current file were written.</summary>
    public void Advance(long bytes)
    {
        _current += bytes;
        if (_current - _lastReported >= interval)
        {
            Report();
        }
    }

    /// <summary>A file is in place (downloaded or found verified); <paramref name="sizeWasPlanned"/> is false when the plan did not know its size.</summary>
    public void Finish(string file, long size, bool sizeWasPlanned)
    {
        _file = file;
        _finished += size;
        if (!sizeWasPlanned)
        {
            _total += size;
        }

        _current = 0;
        Report();
    }

    private void Report()
    {
        _lastReported = _current;
        progress?.Report(new HubDownloadProgress(_file, _finished + _current, _total));
    }
}
