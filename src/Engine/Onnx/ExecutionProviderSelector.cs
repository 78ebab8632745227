using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;

namespace Engine.Onnx;

/// <summary>
/// Decides once which execution provider sessions use: CUDA when asked for (Auto or Cuda) and it really loads,
/// otherwise CPU. <c>OrtEnv.GetAvailableProviders()</c> lists CUDA whenever the GPU package is installed, even with no
/// CUDA runtime or no GPU, so it is not consulted; instead the CUDA provider is appended to a throw-away
/// <see cref="SessionOptions"/> (which loads libonnxruntime_providers_cuda and its CUDA/cuDNN dependencies) and any
/// failure means CPU. A failure that only shows at session creation (no device) is reported back through
/// <see cref="ReportCudaFailure"/>. Either way one warning is logged, and the reason is kept for the UI.
/// </summary>
public sealed class ExecutionProviderSelector
{
    private readonly EngineOptions _options;
    private readonly ILogger<ExecutionProviderSelector> _logger;
    private readonly Action<SessionOptions, EngineOptions> _appendCuda;
    private readonly Lock _gate = new();
    private ExecutionProviderKind? _active;
    private string? _fallbackReason;

    /// <summary>Creates the selector; nothing is probed until a provider is needed.</summary>
    public ExecutionProviderSelector(IOptions<EngineOptions> options, ILogger<ExecutionProviderSelector> logger)
        : this(options, logger, AppendCuda)
    {
    }

    /// <summary>Test seam: <paramref name="appendCuda"/> replaces the real CUDA append.</summary>
    internal ExecutionProviderSelector(IOptions<EngineOptions> options, ILogger<ExecutionProviderSelector> logger, Action<SessionOptions, EngineOptions> appendCuda)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _appendCuda = appendCuda;
    }

    /// <summary>What the configuration asked for.</summary>
    public ExecutionProviderKind Requested => _options.ExecutionProvider;

    /// <summary>The provider sessions are created with (Cuda or Cpu); probes on first read.</summary>
    public ExecutionProviderKind Active
    {
        get
        {
            lock (_gate)
            {
                return _active ??= Probe();
            }
        }
    }

    /// <summary>Why CUDA is not in use although it was asked for; null when it is in use or CPU was forced.</summary>
    public string? FallbackReason
    {
        get
        {
            _ = Active;
            lock (_gate)
            {
                return _fallbackReason;
            }
        }
    }

    /// <summary>A short line for the UI, e.g. "CUDA (device 0)" or "CPU (CUDA unavailable: ...)".</summary>
    public string Description => Active == ExecutionProviderKind.Cuda
        ? $"CUDA (device {_options.CudaDeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture)})"
        : FallbackReason is { } reason ? $"CPU (CUDA unavailable: {reason})" : "CPU";

    /// <summary>
    /// Switches to CPU after CUDA failed where the probe could not see it (e.g. session creation found no device).
    /// Only the first report is logged.
    /// </summary>
    public void ReportCudaFailure(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        lock (_gate)
        {
            if (_active == ExecutionProviderKind.Cpu)
            {
                return;
            }

            FallBack(failure);
        }
    }

    /// <summary>Adds the active provider to <paramref name="sessionOptions"/> (nothing for CPU, which ORT always has).</summary>
    internal void ConfigureProvider(SessionOptions sessionOptions)
    {
        if (Active == ExecutionProviderKind.Cuda)
        {
            _appendCuda(sessionOptions, _options);
        }
    }

    private ExecutionProviderKind Probe()
    {
        if (_options.ExecutionProvider == ExecutionProviderKind.Cpu)
        {
            _logger.LogInformation("ONNX Runtime execution provider: CPU (forced by configuration)");
            return ExecutionProviderKind.Cpu;
        }

        try
        {
            using var probe = new SessionOptions();
            _appendCuda(probe, _options);
            _logger.LogInformation("ONNX Runtime execution provider: CUDA device {DeviceId}", _options.CudaDeviceId);
            return ExecutionProviderKind.Cuda;
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return FallBack(ex);
        }
    }

    private ExecutionProviderKind FallBack(Exception failure)
    {
        _fallbackReason = Summarize(failure);
        _active = ExecutionProviderKind.Cpu;
        _logger.LogWarning("CUDA execution provider cannot be used, falling back to CPU: {Reason}", _fallbackReason);
        return ExecutionProviderKind.Cpu;
    }

    /// <summary>ORT messages carry a source location prefix; the part after "with error:" or the last " : " is the cause.</summary>
    internal static string Summarize(Exception failure)
    {
        var message = failure.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? failure.GetType().Name;
        var marker = message.IndexOf("with error:", StringComparison.Ordinal);
        if (marker >= 0)
        {
            var library = message.IndexOf("Failed to load library", StringComparison.Ordinal);
            var cause = message[(marker + "with error:".Length)..].Trim();
            return library >= 0 ? $"{message[library..marker].Trim()}: {cause}" : cause;
        }

        return message;
    }

    private static void AppendCuda(SessionOptions sessionOptions, EngineOptions options)
    {
        using var cuda = new OrtCUDAProviderOptions();
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["device_id"] = options.CudaDeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // EXHAUSTIVE benchmarks every conv on first use (slow start, extra memory); HEURISTIC is near-best for SD.
            ["cudnn_conv_algo_search"] = options.CudnnConvAlgoSearch,
            // kNextPowerOfTwo can double a multi-GB U-Net's arena; grow only by what is asked.
            ["arena_extend_strategy"] = options.ArenaExtendStrategy,
            // One stream for copies and compute: no cross-stream syncs in a strictly sequential denoising loop.
            ["do_copy_in_default_stream"] = "1",
        };
        if (options.GpuMemoryLimitBytes is > 0 and var limit)
        {
            settings["gpu_mem_limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in options.CudaProviderOptions)
        {
            settings[key] = value;
        }

        cuda.UpdateOptions(settings);
        sessionOptions.AppendExecutionProvider_CUDA(cuda);
    }
}
