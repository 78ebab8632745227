using Engine.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Engine.TextEncoding;

/// <summary>
/// Runs a model's exported text encoder graph. Ids are fed as the graph declares them (int64 from optimum, int32 from
/// some exporters); an fp16 <c>last_hidden_state</c> is widened to float.
/// </summary>
public sealed class OnnxTextEncoder : ITextEncoder
{
    private readonly ModelSession _session;
    private readonly TextEncoderIo _io;

    public OnnxTextEncoder(ModelSession session, TextEncoderIo io, int hiddenSize)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(io);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenSize, 1);
        if (io.HiddenSize is { } declared && declared != hiddenSize)
        {
            throw new ArgumentException($"The graph declares hidden size {declared}, not {hiddenSize}.", nameof(hiddenSize));
        }

        _session = session;
        _io = io;
        HiddenSize = hiddenSize;
    }

    public int HiddenSize { get; }

    public float[] Encode(ReadOnlySpan<int> inputIds, int sequenceCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceCount, 1);
        if (inputIds.Length % sequenceCount != 0)
        {
            throw new ArgumentException($"{inputIds.Length} ids do not split into {sequenceCount} equal sequences.", nameof(inputIds));
        }

        long[] shape = [sequenceCount, inputIds.Length / sequenceCount];
        using var ids = _io.InputIdsType == OnnxElementType.Int32
            ? OrtValue.CreateTensorValueFromMemory(inputIds.ToArray(), shape)
            : OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(inputIds.ToArray(), id => (long)id), shape);

        using var lease = _session.Acquire();
        using var runOptions = new RunOptions();
        using var outputs = lease.Session.Run(
            runOptions, [TextEncoderIo.InputIdsName], [ids], [TextEncoderIo.LastHiddenStateName]);
        var hidden = outputs[0];
        var count = inputIds.Length * HiddenSize;
        var result = new float[count];
        if (_io.HiddenStateType == OnnxElementType.Float16)
        {
            var halves = hidden.GetTensorDataAsSpan<Float16>();
            CheckLength(halves.Length, count);
            for (var i = 0; i < count; i++)
            {
                result[i] = (float)halves[i];
            }
        }
        else
        {
            var values = hidden.GetTensorDataAsSpan<float>();
            CheckLength(values.Length, count);
            values.CopyTo(result);
        }

        return result;
    }

    private void CheckLength(int actual, int expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException(
                $"{_session.ModelPath}: last_hidden_state has {actual} values, expected {expected} (hidden size {HiddenSize}).");
        }
    }
}
