using Engine.Models;
using Microsoft.ML.OnnxRuntime;

namespace Engine.Onnx;

/// <summary>
/// The ONNX Runtime session of one model component: created on the first <see cref="Acquire"/>, reused after that,
/// and disposed on <see cref="Unload"/>, on <see cref="Dispose"/>, or after each use when configured to. Callers hold
/// a <see cref="ModelSessionLease"/> while running, so an unload requested mid-run (a model switch, a memory-saving
/// flag) takes effect when the last lease ends instead of pulling the session from under a running job.
/// </summary>
public sealed class ModelSession : IDisposable
{
    private readonly OnnxSessionFactory _factory;
    private readonly Func<string, bool>? _isPathAllowed;
    private readonly Lock _gate = new();
    private InferenceSession? _session;
    private int _leases;
    private bool _unloadRequested;
    private bool _disposed;
    private ExecutionProviderKind? _provider;
    private int _loadCount;

    /// <summary>Creates an unloaded session for <paramref name="modelPath"/>.</summary>
    /// <param name="component">Which graph this is.</param>
    /// <param name="modelPath">The <c>model.onnx</c> file.</param>
    /// <param name="factory">Creates the session with the engine's provider and options.</param>
    /// <param name="unloadAfterUse">Dispose the session whenever its last lease ends.</param>
    public ModelSession(ModelComponent component, string modelPath, OnnxSessionFactory factory, bool unloadAfterUse = false)
        : this(component, modelPath, factory, unloadAfterUse, null)
    {
    }

    internal ModelSession(ModelComponent component, string modelPath, OnnxSessionFactory factory, bool unloadAfterUse, Func<string, bool>? isPathAllowed)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentNullException.ThrowIfNull(factory);
        Component = component;
        ModelPath = modelPath;
        _factory = factory;
        UnloadAfterUse = unloadAfterUse;
        _isPathAllowed = isPathAllowed;
    }

    /// <summary>Which graph this is.</summary>
    public ModelComponent Component { get; }

    /// <summary>The <c>model.onnx</c> file.</summary>
    public string ModelPath { get; }

    /// <summary>Whether the session is disposed when its last lease ends.</summary>
    public bool UnloadAfterUse { get; }

    /// <summary>True while a session is in memory.</summary>
    public bool IsLoaded
    {
        get
        {
            lock (_gate)
            {
                return _session is not null;
            }
        }
    }

    /// <summary>Provider the loaded session runs on; null while unloaded.</summary>
    public ExecutionProviderKind? Provider
    {
        get
        {
            lock (_gate)
            {
                return _provider;
            }
        }
    }

    /// <summary>How many times a session was created (a reload after an unload counts again).</summary>
    public int LoadCount
    {
        get
        {
            lock (_gate)
            {
                return _loadCount;
            }
        }
    }

    /// <summary>Returns the session, creating it on first use; dispose the lease when done.</summary>
    /// <exception cref="ObjectDisposedException">The session (or its model) was disposed.</exception>
    /// <exception cref="InvalidOperationException">The file now resolves outside the models folder.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime cannot load the graph.</exception>
    public ModelSessionLease Acquire()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_session is null)
            {
                // The folder was checked at scan time; re-check in case a link was swapped since.
                if (_isPathAllowed is not null && !_isPathAllowed(ModelPath))
                {
                    throw new InvalidOperationException($"'{ModelPath}' now leads outside the models folder; refusing to load it.");
                }

                (_session, _provider) = _factory.Create(ModelPath);
                _loadCount++;
            }

            _unloadRequested = false;
            _leases++;
            return new ModelSessionLease(this, _session);
        }
    }

    /// <summary>Frees the session now, or when the last running lease ends.</summary>
    public void Unload()
    {
        lock (_gate)
        {
            _unloadRequested = true;
            ReleaseIfIdle();
        }
    }

    /// <summary>Frees the session (now or after the running lease) and refuses further use.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _unloadRequested = true;
            ReleaseIfIdle();
        }
    }

    internal void Release()
    {
        lock (_gate)
        {
            _leases--;
            ReleaseIfIdle();
        }
    }

    private void ReleaseIfIdle()
    {
        if (_leases == 0 && _session is not null && (_unloadRequested || UnloadAfterUse))
        {
            _session.Dispose();
            _session = null;
            _provider = null;
            _unloadRequested = false;
        }
    }
}
