namespace Engine.Onnx;

/// <summary>Which ONNX Runtime execution provider runs the graphs.</summary>
public enum ExecutionProviderKind
{
    /// <summary>CUDA when it loads, otherwise CPU (the default).</summary>
    Auto,

    /// <summary>NVIDIA CUDA (with cuDNN); falls back to CPU with a recorded reason when it cannot load.</summary>
    Cuda,

    /// <summary>The CPU provider only.</summary>
    Cpu,
}
