using System.Globalization;
using Engine.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Engine;

/// <summary>
/// Engine settings, bound to the configuration section <see cref="SectionName"/> (appsettings, environment
/// <c>Engine__ModelsPath</c>, or the command line <c>--Engine:ModelsPath</c>).
/// </summary>
public sealed class EngineOptions
{
    /// <summary>Configuration section the options are bound to.</summary>
    public const string SectionName = "Engine";

    /// <summary>Folder holding one subfolder per model (optimum ONNX layout); relative paths resolve against the working directory.</summary>
    public string ModelsPath { get; set; } = "models";

    /// <summary>Provider preference; Auto and Cuda both fall back to CPU when CUDA cannot load.</summary>
    public ExecutionProviderKind ExecutionProvider { get; set; } = ExecutionProviderKind.Auto;

    /// <summary>CUDA device ordinal.</summary>
    public int CudaDeviceId { get; set; }

    /// <summary>
    /// cuDNN convolution algorithm search: EXHAUSTIVE (fastest kernels, slow first run and extra memory),
    /// HEURISTIC (cheap, near-best) or DEFAULT (least memory).
    /// </summary>
    public string CudnnConvAlgoSearch { get; set; } = "HEURISTIC";

    /// <summary>CUDA arena growth: kSameAsRequested (no power-of-two over-allocation) or kNextPowerOfTwo.</summary>
    public string ArenaExtendStrategy { get; set; } = "kSameAsRequested";

    /// <summary>Cap on the CUDA memory arena in bytes; null or 0 for no cap. It limits the arena only, not cuDNN workspaces.</summary>
    public long? GpuMemoryLimitBytes { get; set; }

    /// <summary>Extra CUDA provider options passed through verbatim (e.g. <c>prefer_nhwc</c>, <c>enable_cuda_graph</c>).</summary>
    public Dictionary<string, string> CudaProviderOptions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Threads per operator on the CPU provider; 0 lets ONNX Runtime use one per physical core.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Graph optimisation at session creation; lower it for graphs already optimised offline to load faster.</summary>
    public GraphOptimizationLevel GraphOptimizationLevel { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>Dispose the text encoder session after each use (saves its memory; costs a reload per job).</summary>
    public bool UnloadTextEncoderAfterUse { get; set; }

    /// <summary>Dispose the U-Net session after each use (only for very tight memory: it is the slowest to load).</summary>
    public bool UnloadUNetAfterUse { get; set; }

    /// <summary>Dispose the VAE encoder and decoder sessions after each use.</summary>
    public bool UnloadVaeAfterUse { get; set; }

    /// <summary>Every problem with the values, one sentence each; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ModelsPath))
        {
            errors.Add("Engine:ModelsPath must name a folder.");
        }

        if (!Enum.IsDefined(ExecutionProvider))
        {
            errors.Add("Engine:ExecutionProvider must be Auto, Cuda or Cpu.");
        }

        if (CudaDeviceId is < 0 or > 63)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Engine:CudaDeviceId must be between 0 and 63, but is {CudaDeviceId}."));
        }

        if (CudnnConvAlgoSearch is not ("EXHAUSTIVE" or "HEURISTIC" or "DEFAULT"))
        {
            errors.Add($"Engine:CudnnConvAlgoSearch must be EXHAUSTIVE, HEURISTIC or DEFAULT, but is '{CudnnConvAlgoSearch}'.");
        }

        if (ArenaExtendStrategy is not ("kNextPowerOfTwo" or "kSameAsRequested"))
        {
            errors.Add($"Engine:ArenaExtendStrategy must be kNextPowerOfTwo or kSameAsRequested, but is '{ArenaExtendStrategy}'.");
        }

        if (GpuMemoryLimitBytes is < 0)
        {
            errors.Add("Engine:GpuMemoryLimitBytes must not be negative.");
        }

        if (IntraOpThreads is < 0 or > 1024)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Engine:IntraOpThreads must be between 0 and 1024, but is {IntraOpThreads}."));
        }

        if (!Enum.IsDefined(GraphOptimizationLevel))
        {
            errors.Add("Engine:GraphOptimizationLevel must be ORT_DISABLE_ALL, ORT_ENABLE_BASIC, ORT_ENABLE_EXTENDED or ORT_ENABLE_ALL.");
        }

        return errors;
    }

    /// <summary>Whether the session of <paramref name="component"/> is disposed after each use.</summary>
    public bool UnloadAfterUse(Models.ModelComponent component) => component switch
    {
        Models.ModelComponent.TextEncoder => UnloadTextEncoderAfterUse,
        Models.ModelComponent.UNet => UnloadUNetAfterUse,
        _ => UnloadVaeAfterUse,
    };
}
