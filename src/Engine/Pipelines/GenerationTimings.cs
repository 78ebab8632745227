namespace Engine.Pipelines;

/// <summary>Where a job's time went.</summary>
/// <param name="Total">Wall time of the whole job.</param>
/// <param name="OrtRun">Time inside ONNX Runtime's <c>Run</c> (text encoder excluded), U-Net and VAE.</param>
/// <param name="UNetRun">Time inside the U-Net's <c>Run</c>.</param>
/// <param name="Sampling">Wall time in the samplers.</param>
/// <param name="SamplingSteps">Sampling steps completed.</param>
public sealed record GenerationTimings(TimeSpan Total, TimeSpan OrtRun, TimeSpan UNetRun, TimeSpan Sampling, int SamplingSteps)
{
    /// <summary>Mean wall time per sampling step.</summary>
    public TimeSpan PerStep => SamplingSteps == 0 ? TimeSpan.Zero : Sampling / SamplingSteps;
}
