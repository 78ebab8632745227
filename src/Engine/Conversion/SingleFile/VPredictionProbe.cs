using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Engine.Conversion.SingleFile;

/// <summary>
/// AUTOMATIC1111's test of whether an SD 2 U-Net predicts v (<c>is_using_v_parameterization_for_sd2</c>), run on the
/// converted U-Net with ONNX Runtime on the CPU: the U-Net is given a latent of 0.5 everywhere ([1, 4, 8, 8]),
/// timestep 999 and a context of 0.5 ([1, 2, width]); it predicts v when the mean of (output − input) is below −1.
/// </summary>
/// <remarks>
/// At timestep 999 the input is nearly pure noise, so an epsilon model returns about its input (mean difference near
/// 0), while a v model returns about −x0 (v = √ᾱ·x_t − x0 over √(1−ᾱ), with √ᾱ ≈ 0.07), far below the input. The
/// threshold is A1111's, found on trained SD 2.x models; it says nothing about untrained weights. See decision 0008.
/// </remarks>
internal static class VPredictionProbe
{
    /// <summary>A1111's threshold on mean(output − input).</summary>
    public const double Threshold = -1;

    private const float InputValue = 0.5f;
    private const float Timestep = 999;
    private const int LatentSize = 8;
    private const int ContextLength = 2;

    /// <summary>
    /// mean(U-Net(0.5, 999, 0.5) − 0.5) of the ONNX U-Net at <paramref name="unetModelPath"/>. Loading the U-Net takes
    /// about its size in memory for the moment of the test; cancellation stops the run.
    /// </summary>
    public static double Statistic(string unetModelPath, int inChannels, int contextWidth, CancellationToken cancellationToken = default)
    {
        // No memory arena: the session lives for one small run, so nothing would reuse what the arena keeps.
        using var options = new SessionOptions { EnableCpuMemArena = false };
        using var session = new InferenceSession(unetModelPath, options);
        cancellationToken.ThrowIfCancellationRequested();
        // A float16 conversion takes and gives float16 sample, context and output; its timestep stays float32.
        var half = session.InputMetadata["sample"].ElementDataType == TensorElementType.Float16;
        using var sampleValue = Filled(half, [1, inChannels, LatentSize, LatentSize]);
        using var timestepValue = OrtValue.CreateTensorValueFromMemory(new[] { Timestep }, Array.Empty<long>());
        using var contextValue = Filled(half, [1, ContextLength, contextWidth]);
        using var runOptions = new RunOptions();
        using var terminate = cancellationToken.Register(() => runOptions.Terminate = true);
        using var results = RunOrCancelled(session, runOptions, [sampleValue, timestepValue, contextValue], cancellationToken);
        var output = half
            ? Array.ConvertAll(results[0].GetTensorDataAsSpan<Float16>().ToArray(), h => (float)h)
            : results[0].GetTensorDataAsSpan<float>().ToArray();
        double sum = 0;
        foreach (var value in output)
        {
            sum += value - InputValue;
        }

        return sum / output.Length;
    }

    private static IDisposableReadOnlyCollection<OrtValue> RunOrCancelled(
        InferenceSession session, RunOptions runOptions, IReadOnlyCollection<OrtValue> inputs, CancellationToken cancellationToken)
    {
        try
        {
            return session.Run(runOptions, ["sample", "timestep", "encoder_hidden_states"], inputs, ["out_sample"]);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            // Terminate makes the run fail; the caller asked for it.
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>A1111's verdict on <paramref name="statistic"/>.</summary>
    public static bool IsVPrediction(double statistic) => statistic < Threshold;

    private static OrtValue Filled(bool half, long[] shape)
    {
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        if (half)
        {
            var halves = new Float16[count];
            Array.Fill(halves, (Float16)InputValue);
            return OrtValue.CreateTensorValueFromMemory(halves, shape);
        }

        var values = new float[count];
        Array.Fill(values, InputValue);
        return OrtValue.CreateTensorValueFromMemory(values, shape);
    }
}
