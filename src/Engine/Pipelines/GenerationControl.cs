namespace Engine.Pipelines;

/// <summary>
/// Lets a queue steer a running job, as A1111's Interrupt and Skip buttons do: <see cref="Interrupt"/> stops at the
/// next model call and returns what is finished plus the current batch decoded from its last estimate; <see cref="Skip"/>
/// drops the current batch and goes on with the next. Cancelling <see cref="CancellationToken"/> abandons the job
/// (the pipeline throws <see cref="OperationCanceledException"/>). Thread-safe; one instance per job.
/// </summary>
public sealed class GenerationControl : IDisposable
{
    private readonly Lock _gate = new();
    private CancellationTokenSource? _batch;
    private bool _interrupted;
    private bool _skipRequested;

    public GenerationControl(CancellationToken cancellationToken = default)
    {
        CancellationToken = cancellationToken;
    }

    /// <summary>Abandons the job when cancelled.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>True once <see cref="Interrupt"/> was called.</summary>
    public bool IsInterrupted
    {
        get
        {
            lock (_gate)
            {
                return _interrupted;
            }
        }
    }

    /// <summary>Stops the job after the model call in progress.</summary>
    public void Interrupt()
    {
        lock (_gate)
        {
            _interrupted = true;
            _batch?.Cancel();
        }
    }

    /// <summary>Drops the batch in progress; the job continues with the next one.</summary>
    public void Skip()
    {
        lock (_gate)
        {
            _skipRequested = true;
            _batch?.Cancel();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _batch?.Dispose();
            _batch = null;
        }
    }

    /// <summary>
    /// Starts a batch: clears a pending skip (as A1111 does at the start of each batch) and returns the token the
    /// sampler watches, cancelled by interrupt, skip or the job token.
    /// </summary>
    internal CancellationToken BeginBatch()
    {
        lock (_gate)
        {
            _batch?.Dispose();
            _skipRequested = false;
            _batch = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken);
            if (_interrupted)
            {
                _batch.Cancel();
            }

            return _batch.Token;
        }
    }

    /// <summary>Reads and clears the skip flag of the batch that just ended.</summary>
    internal bool TakeSkip()
    {
        lock (_gate)
        {
            var skip = _skipRequested;
            _skipRequested = false;
            return skip;
        }
    }
}
