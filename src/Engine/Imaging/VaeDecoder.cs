using System.Diagnostics;
using Engine.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Engine.Imaging;

/// <summary>
/// Runs a model's VAE decoder on the sampler's latents. The latents are unscaled as ldm's <c>decode_first_stage</c>
/// does (and so A1111): multiplied by the float32 of <c>1 / scaling_factor</c>, not divided by it; the two differ by
/// an ulp, which can move a pixel by one level.
/// </summary>
public sealed class VaeDecoder
{
    private readonly ModelSession _session;
    private readonly VaeDecoderIo _io;
    private readonly float _unscale;

    public VaeDecoder(ModelSession session, VaeDecoderIo io, double scalingFactor)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(io);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scalingFactor);
        _session = session;
        _io = io;
        _unscale = (float)(1.0 / scalingFactor);
    }

    /// <summary>Total time spent inside ONNX Runtime's <c>Run</c> by this instance.</summary>
    public TimeSpan RunTime { get; private set; }

    /// <summary>
    /// Decodes <c>[batch, channels, h, w]</c> latents into images <c>[batch, 3, H, W]</c> in roughly [-1, 1], unclamped.
    /// </summary>
    /// <returns>The image values and their size in pixels.</returns>
    public (float[] Images, int Width, int Height) Decode(ReadOnlySpan<float> latents, int batch, int channels, int latentHeight, int latentWidth)
    {
        var count = checked(batch * channels * latentHeight * latentWidth);
        if (latents.Length != count)
        {
            throw new ArgumentException($"Expected {count} latent values, got {latents.Length}.", nameof(latents));
        }

        long[] shape = [batch, channels, latentHeight, latentWidth];
        using var input = _io.LatentType == Onnx.OnnxElementType.Float16
            ? OrtValue.CreateTensorValueFromMemory(ToHalf(latents, _unscale), shape)
            : OrtValue.CreateTensorValueFromMemory(Scale(latents, _unscale), shape);
        using var lease = _session.Acquire();
        using var runOptions = new RunOptions();
        var watch = Stopwatch.StartNew();
        using var outputs = lease.Session.Run(runOptions, [VaeDecoderIo.LatentSampleName], [input], [VaeDecoderIo.SampleName]);
        RunTime += watch.Elapsed;
        var output = outputs[0];
        var outShape = output.GetTensorTypeAndShape().Shape;
        if (outShape.Length != 4 || outShape[0] != batch || outShape[1] != 3)
        {
            throw new InvalidOperationException($"{_session.ModelPath}: the decoder returned shape [{string.Join(", ", outShape)}], expected [{batch}, 3, H, W].");
        }

        var images = output.GetTensorTypeAndShape().ElementDataType == TensorElementType.Float16
            ? Array.ConvertAll(output.GetTensorDataAsSpan<Float16>().ToArray(), h => (float)h)
            : output.GetTensorDataAsSpan<float>().ToArray();
        return (images, checked((int)outShape[3]), checked((int)outShape[2]));
    }

    /// <summary>Decodes and converts to 8-bit images.</summary>
    public RgbImage[] DecodeToImages(ReadOnlySpan<float> latents, int batch, int channels, int latentHeight, int latentWidth, PixelConvention convention = PixelConvention.A1111)
    {
        var (images, width, height) = Decode(latents, batch, channels, latentHeight, latentWidth);
        return ImageTensors.ToRgbImages(images, batch, width, height, convention);
    }

    private static float[] Scale(ReadOnlySpan<float> values, float factor)
    {
        var result = new float[values.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = factor * values[i];
        }

        return result;
    }

    private static Float16[] ToHalf(ReadOnlySpan<float> values, float factor)
    {
        var result = new Float16[values.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (Float16)(factor * values[i]);
        }

        return result;
    }
}
