using System.Diagnostics;
using Engine.Onnx;
using Engine.Schedulers;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Engine.Imaging;

/// <summary>
/// Runs a model's VAE encoder for img2img: images in [-1, 1] to latents multiplied by <c>scaling_factor</c>. For
/// <c>latent_parameters</c> exports it samples the diagonal Gaussian as ldm's <c>DiagonalGaussianDistribution</c>
/// does (log-variance clamped to [-30, 20], <c>mean + exp(0.5 · logvar) · noise</c>, float32); graphs that output
/// <c>latent_sample</c> are used as they come.
/// </summary>
public sealed class VaeEncoder
{
    private readonly ModelSession _session;
    private readonly VaeEncoderIo _io;
    private readonly float _scale;

    public VaeEncoder(ModelSession session, VaeEncoderIo io, double scalingFactor)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(io);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scalingFactor);
        _session = session;
        _io = io;
        _scale = (float)scalingFactor;
    }

    /// <summary>Total time spent inside ONNX Runtime's <c>Run</c> by this instance.</summary>
    public TimeSpan RunTime { get; private set; }

    /// <summary>
    /// Encodes one image per batch item (all of the same size, multiples of 8).
    /// </summary>
    /// <param name="images">The images.</param>
    /// <param name="posteriorNoise">Standard normal noise for sampling the latent distribution; null takes its mean.</param>
    /// <returns>Scaled latents <c>[batch, channels, H/8, W/8]</c> and their channel count.</returns>
    public (float[] Latents, int Channels) Encode(IReadOnlyList<RgbImage> images, INoiseSource? posteriorNoise)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("No images to encode.", nameof(images));
        }

        int width = images[0].Width, height = images[0].Height;
        var size = 3 * width * height;
        var pixels = new float[images.Count * size];
        for (var b = 0; b < images.Count; b++)
        {
            if (images[b].Width != width || images[b].Height != height)
            {
                throw new ArgumentException("All images of a batch must have the same size.", nameof(images));
            }

            ImageTensors.FromRgbImage(images[b], pixels.AsSpan(b * size, size));
        }

        long[] shape = [images.Count, 3, height, width];
        using var input = _io.ImageType == OnnxElementType.Float16
            ? OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(pixels, v => (Float16)v), shape)
            : OrtValue.CreateTensorValueFromMemory(pixels, shape);
        using var lease = _session.Acquire();
        using var runOptions = new RunOptions();
        var watch = Stopwatch.StartNew();
        using var outputs = lease.Session.Run(runOptions, [VaeEncoderIo.SampleName], [input], [_io.OutputName]);
        RunTime += watch.Elapsed;
        var output = outputs[0];
        var outShape = output.GetTensorTypeAndShape().Shape;
        var values = output.GetTensorTypeAndShape().ElementDataType == TensorElementType.Float16
            ? Array.ConvertAll(output.GetTensorDataAsSpan<Float16>().ToArray(), h => (float)h)
            : output.GetTensorDataAsSpan<float>().ToArray();
        if (outShape.Length != 4 || outShape[0] != images.Count)
        {
            throw new InvalidOperationException($"{_session.ModelPath}: the encoder returned shape [{string.Join(", ", outShape)}].");
        }

        var plane = checked((int)(outShape[2] * outShape[3]));
        if (_io.OutputKind == VaeEncoderOutputKind.LatentSample)
        {
            var channels = checked((int)outShape[1]);
            for (var i = 0; i < values.Length; i++)
            {
                values[i] *= _scale;
            }

            return (values, channels);
        }

        var latentChannels = checked((int)outShape[1] / 2);
        var perItem = latentChannels * plane;
        var latents = new float[images.Count * perItem];
        var noise = new float[latents.Length];
        posteriorNoise?.Fill(noise);
        for (var b = 0; b < images.Count; b++)
        {
            var parameters = values.AsSpan(b * 2 * perItem, 2 * perItem);
            for (var i = 0; i < perItem; i++)
            {
                var mean = parameters[i];
                var logVariance = Math.Clamp(parameters[perItem + i], -30f, 20f);
                var std = MathF.Exp(0.5f * logVariance);
                var sample = posteriorNoise is null ? mean : mean + (std * noise[(b * perItem) + i]);
                latents[(b * perItem) + i] = _scale * sample;
            }
        }

        return (latents, latentChannels);
    }
}
