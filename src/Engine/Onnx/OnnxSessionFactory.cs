using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace Engine.Onnx;

/// <summary>
/// Creates <see cref="InferenceSession"/>s with deliberately chosen options on the provider the
/// <see cref="ExecutionProviderSelector"/> picked. If a CUDA session cannot be created but the same model loads on
/// CPU, CUDA is reported as unusable and CPU is used from then on; if CPU fails too, the model is at fault and that
/// error is thrown.
/// </summary>
public sealed class OnnxSessionFactory
{
    private readonly ExecutionProviderSelector _selector;
    private readonly EngineOptions _options;
    private readonly ILogger<OnnxSessionFactory> _logger;

    /// <summary>Creates the factory.</summary>
    public OnnxSessionFactory(ExecutionProviderSelector selector, IOptions<EngineOptions> options, ILogger<OnnxSessionFactory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _selector = selector;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The selector deciding the provider.</summary>
    public ExecutionProviderSelector Selector => _selector;

    /// <summary>Loads <paramref name="modelPath"/> (external data resolves next to it) and says which provider runs it.</summary>
    /// <exception cref="OnnxRuntimeException">The model cannot be loaded even on CPU.</exception>
    public (InferenceSession Session, ExecutionProviderKind Provider) Create(string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var provider = _selector.Active;
        if (provider == ExecutionProviderKind.Cuda)
        {
            try
            {
                return (CreateWith(modelPath, ExecutionProviderKind.Cuda), ExecutionProviderKind.Cuda);
            }
            catch (OnnxRuntimeException cudaFailure)
            {
                var session = CreateWith(modelPath, ExecutionProviderKind.Cpu);
                _selector.ReportCudaFailure(cudaFailure);
                return (session, ExecutionProviderKind.Cpu);
            }
        }

        return (CreateWith(modelPath, ExecutionProviderKind.Cpu), ExecutionProviderKind.Cpu);
    }

    /// <summary>The session options used for every session, without a provider appended.</summary>
    internal SessionOptions CreateSessionOptions()
    {
        var options = new SessionOptions
        {
            // optimum exports are unfused; ALL adds attention/GELU/LayerNorm fusions once, at load time.
            GraphOptimizationLevel = _options.GraphOptimizationLevel,
            // The SD graphs are chains of large ops: intra-op threads matter, inter-op parallelism does not.
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // 0 = one thread per physical core, ORT's best default for MLAS kernels.
            IntraOpNumThreads = _options.IntraOpThreads,
            InterOpNumThreads = 1,
            // Every step of a job has the same shapes, so planned buffers are reused from the second run on.
            EnableMemoryPattern = true,
            EnableCpuMemArena = true,
            // ORT logs a warning per node placed on CPU by the CUDA EP (shape ops); only errors belong in server logs.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        // A server idles between jobs; spinning workers would hold cores busy after every run.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    private InferenceSession CreateWith(string modelPath, ExecutionProviderKind provider)
    {
        using var options = CreateSessionOptions();
        if (provider == ExecutionProviderKind.Cuda)
        {
            // ORT keeps its CPU EP after CUDA for nodes CUDA lacks; nothing to append for it.
            _selector.ConfigureProvider(options);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var session = new InferenceSession(modelPath, options);
        _logger.LogInformation("Loaded {ModelPath} on {Provider} in {ElapsedMs:F0} ms", modelPath, provider,
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return session;
    }
}
