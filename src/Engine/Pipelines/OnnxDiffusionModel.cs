using System.Diagnostics;
using Engine.Onnx;
using Engine.Schedulers;
using Engine.TextEncoding;
using Microsoft.ML.OnnxRuntime;
using PredictionType = Engine.Models.PredictionType;

namespace Engine.Pipelines;

/// <summary>
/// The U-Net with classifier-free guidance, as A1111's <c>CFGDenoiser.forward</c> runs it
/// (sd_samplers_cfg_denoiser.py): the conditional and unconditional halves of every image in one U-Net call, batch
/// order <c>[cond…, uncond…]</c>, when their token lengths match; otherwise one call for the cond rows and one for the
/// uncond rows. Guided output <c>u + (c − u) · g</c> in float32. Prompt editing: each <see cref="Predict"/> is one
/// model call and advances the step counter, which picks the conditioning (<c>reconstruct_cond_batch(…, step)</c>).
/// </summary>
/// <remarks>
/// A1111 combines the denoised values; this combines the raw outputs, which is the same affine map (see
/// <see cref="IDiffusionModel"/>) and differs only in float rounding. Input and output buffers and their OrtValues are
/// allocated once per job over pinned managed arrays and reused every call; hidden-state tensors are built once per
/// distinct conditioning. On CUDA, ONNX Runtime copies the bound host buffers to the device and back each call; the
/// samplers' span contract keeps latents on the host, and these copies are two latent-sized tensors per call.
/// </remarks>
public sealed class OnnxDiffusionModel : IDiffusionModel, IDisposable
{
    private static readonly string[] s_inputNames = [UNetIo.SampleName, UNetIo.TimestepName, UNetIo.EncoderHiddenStatesName];
    private static readonly string[] s_outputNames = [UNetIo.OutSampleName];

    private readonly InferenceSession _session;
    private readonly UNetIo _io;
    private readonly ConditioningSchedule _cond;
    private readonly ConditioningSchedule _uncond;
    private readonly float _scale;
    private readonly bool _runUncond;
    private readonly int _batch;
    private readonly int _itemSize;
    private readonly long[] _itemShape;
    private readonly RunOptions _runOptions = new();
    private readonly List<IDisposable> _disposables = [];
    private readonly List<(PromptEmbedding First, PromptEmbedding? Second, OrtValue Value)> _hiddenStates = [];
    private readonly OrtValue[] _inputs = new OrtValue[3];
    private readonly OrtValue[] _outputs = new OrtValue[1];

    // Host buffers: float32 or float16 per the graph, [2 × batch × item]; cond rows first.
    private readonly float[]? _sample32;
    private readonly Float16[]? _sample16;
    private readonly float[]? _out32;
    private readonly Float16[]? _out16;
    private readonly Array _timestepFull;
    private readonly Array _timestepHalf;
    private readonly OrtValue _sampleFull, _sampleCond, _sampleUncond;
    private readonly OrtValue _outFull, _outCond, _outUncond;
    private readonly OrtValue _timeFull, _timeHalf;
    private bool _disposed;

    /// <summary>Prepares the buffers for a job.</summary>
    /// <param name="session">The U-Net session (keep its lease for the model's lifetime).</param>
    /// <param name="io">The graph's IO contract.</param>
    /// <param name="predictionType">What the U-Net predicts.</param>
    /// <param name="batchSize">Images per call.</param>
    /// <param name="channels">Latent channels.</param>
    /// <param name="latentHeight">Latent height.</param>
    /// <param name="latentWidth">Latent width.</param>
    /// <param name="cond">Prompt conditioning over model calls.</param>
    /// <param name="uncond">Negative prompt conditioning over model calls.</param>
    /// <param name="guidanceScale">CFG scale.</param>
    /// <param name="semantics">When the unconditional pass runs.</param>
    public OnnxDiffusionModel(
        InferenceSession session,
        UNetIo io,
        PredictionType predictionType,
        int batchSize,
        int channels,
        int latentHeight,
        int latentWidth,
        ConditioningSchedule cond,
        ConditioningSchedule uncond,
        double guidanceScale,
        GuidanceSemantics semantics = GuidanceSemantics.A1111)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(io);
        ArgumentNullException.ThrowIfNull(cond);
        ArgumentNullException.ThrowIfNull(uncond);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _session = session;
        _io = io;
        _cond = cond;
        _uncond = uncond;
        PredictionType = predictionType;
        _scale = (float)guidanceScale;
        _runUncond = semantics == GuidanceSemantics.A1111 || guidanceScale > 1;
        _batch = batchSize;
        _itemSize = checked(channels * latentHeight * latentWidth);
        _itemShape = [channels, latentHeight, latentWidth];
        var total = 2 * batchSize * _itemSize;
        try
        {
            if (io.SampleType == OnnxElementType.Float16)
            {
                _sample16 = new Float16[total];
                _out16 = new Float16[total];
                (_sampleFull, _sampleCond, _sampleUncond) = Views(_sample16);
                (_outFull, _outCond, _outUncond) = Views(_out16);
            }
            else
            {
                _sample32 = new float[total];
                _out32 = new float[total];
                (_sampleFull, _sampleCond, _sampleUncond) = Views(_sample32);
                (_outFull, _outCond, _outUncond) = Views(_out32);
            }

            (_timestepFull, _timeFull) = Timestep(io.TimestepIsScalar ? 1 : 2 * batchSize);
            (_timestepHalf, _timeHalf) = Timestep(io.TimestepIsScalar ? 1 : batchSize);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public PredictionType PredictionType { get; }

    /// <summary>Model calls since the last <see cref="ResetSteps"/> (A1111's <c>CFGDenoiser.step</c>).</summary>
    public int CallCount { get; private set; }

    /// <summary>U-Net runs made (one or two per call).</summary>
    public int RunCount { get; private set; }

    /// <summary>Total time inside ONNX Runtime's <c>Run</c>.</summary>
    public TimeSpan RunTime { get; private set; }

    /// <summary>Starts a new batch: the prompt-editing step counter goes back to 0, as A1111 resets it per sampling run.</summary>
    public void ResetSteps() => CallCount = 0;

    public void Predict(ReadOnlySpan<float> sample, float timestep, Span<float> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var half = _batch * _itemSize;
        if (sample.Length != half || output.Length != half)
        {
            throw new ArgumentException($"Expected {half} values ([{_batch}, {string.Join(", ", _itemShape)}]), got {sample.Length} and {output.Length}.", nameof(sample));
        }

        var cond = _cond.ForStep(CallCount);
        var uncond = _uncond.ForStep(CallCount);
        WriteSample(sample, 0);
        if (!_runUncond)
        {
            SetTimestep(_timestepHalf, timestep);
            Run(_sampleCond, _timeHalf, HiddenStates(cond, null), _outCond);
            ReadOutput(0, output);
        }
        else if (cond.TokenCount == uncond.TokenCount)
        {
            WriteSample(sample, half);
            SetTimestep(_timestepFull, timestep);
            Run(_sampleFull, _timeFull, HiddenStates(cond, uncond), _outFull);
            Combine(output);
        }
        else
        {
            WriteSample(sample, half);
            SetTimestep(_timestepHalf, timestep);
            Run(_sampleCond, _timeHalf, HiddenStates(cond, null), _outCond);
            Run(_sampleUncond, _timeHalf, HiddenStates(uncond, null), _outUncond);
            Combine(output);
        }

        CallCount++;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var (_, _, value) in _hiddenStates)
        {
            value.Dispose();
        }

        _hiddenStates.Clear();
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        _disposables.Clear();
        _runOptions.Dispose();
    }

    // ONNX Runtime converts a float timestep to int64 graphs' integer by our rounding: half to even, as torch.round;
    // k-diffusion's quantized sigma_to_t picks the nearest integer timestep the same way.
    private static long RoundTimestep(float t) => (long)MathF.Round(t, MidpointRounding.ToEven);

    private (OrtValue Full, OrtValue Cond, OrtValue Uncond) Views<T>(T[] buffer)
        where T : unmanaged
    {
        var half = _batch * _itemSize;
        // CreateTensorValueFromMemory pins the managed array for the OrtValue's lifetime; the three views share it.
        var full = Track(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(), Shape(2 * _batch)));
        var cond = Track(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, half), Shape(_batch)));
        var uncond = Track(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(half, half), Shape(_batch)));
        return (full, cond, uncond);
    }

    private long[] Shape(int batch) => [batch, .. _itemShape];

    private (Array Buffer, OrtValue Value) Timestep(int count)
    {
        long[] shape = _io.TimestepIsScalar ? [] : [count];
        return _io.TimestepType switch
        {
            OnnxElementType.Int64 => Make(new long[count], shape),
            OnnxElementType.Float16 => Make(new Float16[count], shape),
            _ => Make(new float[count], shape),
        };
    }

    private (Array, OrtValue) Make<T>(T[] buffer, long[] shape)
        where T : unmanaged => (buffer, Track(OrtValue.CreateTensorValueFromMemory(buffer, shape)));

    private OrtValue Track(OrtValue value)
    {
        _disposables.Add(value);
        return value;
    }

    private static void SetTimestep(Array buffer, float t)
    {
        switch (buffer)
        {
            case long[] longs: longs.AsSpan().Fill(RoundTimestep(t)); break;
            case Float16[] halves: halves.AsSpan().Fill((Float16)t); break;
            case float[] floats: floats.AsSpan().Fill(t); break;
        }
    }

    private void WriteSample(ReadOnlySpan<float> sample, int offset)
    {
        if (_sample32 is not null)
        {
            sample.CopyTo(_sample32.AsSpan(offset));
            return;
        }

        var target = _sample16.AsSpan(offset, sample.Length);
        for (var i = 0; i < sample.Length; i++)
        {
            target[i] = (Float16)sample[i];
        }
    }

    private float OutputAt(int index) => _out32 is not null ? _out32[index] : (float)_out16![index];

    private void ReadOutput(int offset, Span<float> output)
    {
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = OutputAt(offset + i);
        }
    }

    // combine_denoised: denoised = uncond + (cond − uncond) · (weight · scale), every operation in float32.
    private void Combine(Span<float> output)
    {
        var half = output.Length;
        for (var i = 0; i < half; i++)
        {
            var c = OutputAt(i);
            var u = OutputAt(half + i);
            output[i] = u + ((c - u) * _scale);
        }
    }

    private void Run(OrtValue sample, OrtValue timestep, OrtValue hiddenStates, OrtValue output)
    {
        _inputs[0] = sample;
        _inputs[1] = timestep;
        _inputs[2] = hiddenStates;
        _outputs[0] = output;
        var start = Stopwatch.GetTimestamp();
        _session.Run(_runOptions, s_inputNames, _inputs, s_outputNames, _outputs);
        RunTime += Stopwatch.GetElapsedTime(start);
        RunCount++;
    }

    // [batch × cond rows, then batch × uncond rows] when second is given, else [batch × first rows].
    private OrtValue HiddenStates(PromptEmbedding first, PromptEmbedding? second)
    {
        foreach (var (f, s, value) in _hiddenStates)
        {
            if (ReferenceEquals(f, first) && ReferenceEquals(s, second))
            {
                return value;
            }
        }

        var rows = second is null ? _batch : 2 * _batch;
        var perRow = first.HiddenStates.Length;
        if (second is not null && second.HiddenStates.Length != perRow)
        {
            throw new ArgumentException("Batched conditionings must have the same token count.", nameof(second));
        }

        long[] shape = [rows, first.TokenCount, first.HiddenSize];
        OrtValue created;
        if (_io.EncoderHiddenStatesType == OnnxElementType.Float16)
        {
            var buffer = new Float16[rows * perRow];
            for (var r = 0; r < rows; r++)
            {
                var source = r < _batch ? first.HiddenStates : second!.HiddenStates;
                for (var i = 0; i < perRow; i++)
                {
                    buffer[(r * perRow) + i] = (Float16)source[i];
                }
            }

            created = OrtValue.CreateTensorValueFromMemory(buffer, shape);
        }
        else
        {
            var buffer = new float[rows * perRow];
            for (var r = 0; r < rows; r++)
            {
                (r < _batch ? first.HiddenStates : second!.HiddenStates).CopyTo(buffer, r * perRow);
            }

            created = OrtValue.CreateTensorValueFromMemory(buffer, shape);
        }

        _hiddenStates.Add((first, second, created));
        return created;
    }
}
