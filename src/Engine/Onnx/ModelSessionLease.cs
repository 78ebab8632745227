using Microsoft.ML.OnnxRuntime;

namespace Engine.Onnx;

/// <summary>Use of a <see cref="ModelSession"/>'s session; disposing it lets a pending unload proceed.</summary>
public sealed class ModelSessionLease : IDisposable
{
    private ModelSession? _owner;

    internal ModelSessionLease(ModelSession owner, InferenceSession session)
    {
        _owner = owner;
        Session = session;
    }

    /// <summary>The session; valid until the lease is disposed.</summary>
    public InferenceSession Session { get; }

    /// <summary>Ends the use (idempotent).</summary>
    public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release();
}
